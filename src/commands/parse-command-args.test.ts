import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "./define-command.js";
import { parseCommandArgs } from "./parse-command-args.js";

const poll = defineCommand({
  name: "poll",
  description: "Start a poll",
  args: [z.string().min(1).describe("question")],
  rest: z.string().min(1).describe("option"),
  restCount: { min: 2, max: 3 },
});

const roll = defineCommand({
  name: "roll",
  description: "Roll dice",
  args: [
    z.coerce.number().int().min(1).describe("count"),
    z.coerce.number().int().describe("sides").default(6),
    z.string().describe("label").optional(),
  ],
});

describe("parseCommandArgs", () => {
  it("returns typed values on success", () => {
    const result = parseCommandArgs(poll, ["Lunch?", "pizza", "sushi"]);
    expect(result).toEqual({ ok: true, value: ["Lunch?", "pizza", "sushi"] });
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<[string, ...string[]]>();
  });

  it("coerces numbers and applies defaults", () => {
    expect(parseCommandArgs(roll, ["2"])).toEqual({ ok: true, value: [2, 6, undefined] });
    expect(parseCommandArgs(roll, ["3", "20", "attack"])).toEqual({
      ok: true,
      value: [3, 20, "attack"],
    });
  });

  it("names a missing argument and returns the usage line", () => {
    expect(parseCommandArgs(roll, [])).toEqual({
      ok: false,
      error: "<count>: missing",
      usage: "/roll <count> [sides] [label] — Roll dice",
    });
  });

  it("names an argument that fails its schema", () => {
    expect(parseCommandArgs(roll, ["two", "6"])).toMatchObject({
      ok: false,
      error: "<count>: Invalid input: expected number, received NaN",
    });
    expect(parseCommandArgs(roll, ["1", "6.5"])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^<sides>: /),
    });
  });

  it("reports every problem at once, numbering rest arguments", () => {
    const result = parseCommandArgs(poll, ["", ""]);
    expect(result).toMatchObject({
      ok: false,
      error: [
        "<question>: Too small: expected string to have >=1 characters",
        "<option>: expected at least 2, got 1",
        "<option 1>: Too small: expected string to have >=1 characters",
      ].join("\n"),
    });
  });

  it("enforces the maximum rest count", () => {
    expect(parseCommandArgs(poll, ["q", "a", "b", "c", "d"])).toMatchObject({
      ok: false,
      error: "<option>: expected at most 3, got 4",
    });
  });

  it("rejects extra arguments when the command has no rest", () => {
    expect(parseCommandArgs(roll, ["1", "2", "x", "y"])).toMatchObject({
      ok: false,
      error: "Too many arguments: expected at most 3, got 4",
    });
  });

  it("uses the configured prefix in the usage line", () => {
    expect(parseCommandArgs(poll, [], { prefix: "!" })).toMatchObject({
      usage: "!poll <question> <option>... — Start a poll",
    });
  });
});
