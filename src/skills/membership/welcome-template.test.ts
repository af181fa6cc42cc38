import { describe, expect, it } from "vitest";
import { renderWelcome, welcomeTemplateSchema } from "./welcome-template.js";

describe("welcome template", () => {
  it("fills {name} and {count}", () => {
    expect(renderWelcome("Hi {name}, we are {count}. {name}!", { names: ["a"], count: 4 })).toBe(
      "Hi a, we are 4. a!",
    );
    expect(renderWelcome("Hi {name}", { names: ["a", "b", "c"], count: 5 })).toBe("Hi a, b and c");
    expect(renderWelcome("Hi {name}", { names: ["a", "b"], count: 5 })).toBe("Hi a and b");
  });

  it("refuses unknown placeholders when configured", () => {
    const result = welcomeTemplateSchema.safeParse("Hi {nmae}");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      "unknown placeholder {nmae}: use {name} and {count}",
    );
    expect(welcomeTemplateSchema.safeParse("Hi {name}, #{count}").success).toBe(true);
  });
});
