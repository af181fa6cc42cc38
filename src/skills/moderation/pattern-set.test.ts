import { describe, expect, it } from "vitest";
import { matchingPatterns } from "./pattern-set.js";

describe("matchingPatterns", () => {
  it("tells which patterns match, case-insensitively, in one pass", () => {
    const patterns = ["cheap\\s+viagra", "^never$", "casino", "x$"];
    expect(matchingPatterns(patterns, "CHEAP  viagra at the casino")).toEqual(new Set([0, 2]));
    expect(matchingPatterns(patterns, "nothing here")).toEqual(new Set());
    expect(matchingPatterns(patterns, "never")).toEqual(new Set([1]));
    expect(matchingPatterns([], "anything")).toEqual(new Set());
  });

  it("reuses the compiled set of a rule book and keeps books apart", () => {
    expect(matchingPatterns(["a"], "a")).toEqual(new Set([0]));
    expect(matchingPatterns(["b", "a"], "a")).toEqual(new Set([1]));
    expect(matchingPatterns(["a"], "b")).toEqual(new Set());
  });
});
