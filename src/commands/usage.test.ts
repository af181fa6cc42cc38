import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "./define-command.js";
import { formatHelp } from "./format-help.js";
import { commandSignature, usage } from "./usage.js";

const poll = defineCommand({
  name: "poll",
  description: "Start a poll",
  args: [z.string().min(1).describe("question")],
  rest: z.string().describe("option"),
  restCount: { min: 2 },
  examples: ['/poll "Lunch?" pizza sushi', "/poll Coffee? yes no"],
});
const close = defineCommand({ name: "close", description: "Close the poll", adminOnly: true });
const tag = defineCommand({
  name: "tag",
  description: "Tag the conversation",
  args: [z.string().describe("name").optional()],
  rest: z.string().describe("tag"),
});

describe("usage", () => {
  it("writes required, optional and variadic arguments", () => {
    expect(usage(poll)).toBe("/poll <question> <option>... — Start a poll");
    expect(commandSignature(close)).toBe("/close");
    expect(commandSignature(tag)).toBe("/tag [name] [tag...]");
    expect(commandSignature(tag, { prefix: "!" })).toBe("!tag [name] [tag...]");
  });
});

describe("formatHelp", () => {
  it("renders a markdown block per skill", () => {
    expect(formatHelp("polls", [poll, close])).toBe(
      [
        "**polls**",
        "- `/poll <question> <option>...` — Start a poll",
        '  - e.g. `/poll "Lunch?" pizza sushi`',
        "  - e.g. `/poll Coffee? yes no`",
        "- `/close` — Close the poll _(admin only)_",
      ].join("\n"),
    );
  });

  it("uses the configured prefix", () => {
    expect(formatHelp("tags", [tag], { prefix: "!" })).toContain("- `!tag [name] [tag...]` —");
  });
});
