import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./parse-command.js";
import { UnterminatedQuoteError } from "./tokenize.js";

describe("parseCommandLine", () => {
  it("parses name, arguments and raw argument text", () => {
    expect(parseCommandLine(`/Poll "Lunch?" pizza  'sushi bar'`)).toEqual({
      name: "poll",
      args: ["Lunch?", "pizza", "sushi bar"],
      raw: `"Lunch?" pizza  'sushi bar'`,
    });
  });

  it("accepts a command with no arguments and surrounding whitespace", () => {
    expect(parseCommandLine("  /help \n")).toEqual({ name: "help", args: [], raw: "" });
  });

  it("separates the name from arguments on a newline", () => {
    expect(parseCommandLine("/note\nbuy milk")).toEqual({
      name: "note",
      args: ["buy", "milk"],
      raw: "buy milk",
    });
  });

  it("returns undefined for text that is not a command", () => {
    for (const text of [
      "hello",
      "",
      "/",
      "/ poll",
      "/123",
      "/path/to/file",
      "//",
      "/-x",
      "a /poll",
    ]) {
      expect(parseCommandLine(text), text).toBeUndefined();
    }
  });

  it("limits names to 32 characters", () => {
    expect(parseCommandLine(`/a${"b".repeat(31)}`)?.name).toHaveLength(32);
    expect(parseCommandLine(`/a${"b".repeat(32)}`)).toBeUndefined();
  });

  it("accepts names with digits, dashes and underscores", () => {
    expect(parseCommandLine("/set_price-v2 3")?.name).toBe("set_price-v2");
  });

  it("supports a custom prefix", () => {
    expect(parseCommandLine("!roll 2d6", { prefix: "!" })).toMatchObject({
      name: "roll",
      args: ["2d6"],
    });
    expect(parseCommandLine("/roll 2d6", { prefix: "!" })).toBeUndefined();
  });

  it("accepts /name@bot only when addressed to this bot", () => {
    expect(parseCommandLine("/poll@SwitchBot a", { botMention: "switchbot" })?.name).toBe("poll");
    expect(parseCommandLine("/poll@switchbot a", { botMention: "@SwitchBot" })?.args).toEqual([
      "a",
    ]);
    expect(parseCommandLine("/poll@otherbot a", { botMention: "switchbot" })).toBeUndefined();
    expect(parseCommandLine("/poll@switchbot a")).toBeUndefined();
    expect(parseCommandLine("/poll@a@b", { botMention: "a" })).toBeUndefined();
  });

  it("propagates unterminated quotes as a typed error", () => {
    expect(() => parseCommandLine(`/poll "Lunch? pizza`)).toThrow(UnterminatedQuoteError);
  });
});
