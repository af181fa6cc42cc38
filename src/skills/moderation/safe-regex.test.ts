import { describe, expect, it } from "vitest";
import { compileUserRegex, MAX_PATTERN_LENGTH } from "./safe-regex.js";

describe("compileUserRegex", () => {
  it.each([
    "spam",
    "\\bfr[e3]{2}\\s+money\\b",
    "(?:buy|sell) now",
    "(ab)+c",
    "(?<word>x)y{2,}",
    "\\p{Greek}{3,}",
    // Shapes a backtracking engine chokes on are fine here: they run in linear time.
    "(a+)+$",
    "(x+x+)+y",
    "(a|ab)*c",
    "[\\s\\S]*[\\s\\S]*[\\s\\S]*x$",
  ])("accepts %s, case-insensitively", (pattern) => {
    const result = compileUserRegex(pattern);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.regex.test(pattern.toUpperCase())).toBeTypeOf("boolean");
  });

  it("matches case-insensitively", () => {
    const result = compileUserRegex("fr[e3]{2} money");
    expect(result.ok && result.regex.test("FRE3 MONEY now")).toBe(true);
  });

  it.each([
    ["(a)\\1", /^backreferences \(\\1, \\k<name>\) are not supported/],
    ["(?<x>a)\\k<x>", /^backreferences/],
    ["x(?=y)", /^lookahead and lookbehind .* are not supported/],
    ["x(?!y)", /^lookahead and lookbehind/],
    ["(?<=a)b", /^lookahead and lookbehind/],
    ["(?<!a)b", /^lookahead and lookbehind/],
  ])("refuses %s, which the engine cannot express, with a one-line reason", (pattern, reason) => {
    const result = compileUserRegex(pattern);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
    if (!result.ok) expect(result.error).not.toContain("\n");
  });

  it.each(["[unclosed", "a{2,1}", "(", "\\q", "*a", "a++"])(
    "refuses the invalid %s, saying why",
    (pattern) => {
      expect(compileUserRegex(pattern)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^invalid regex: \S/),
      });
    },
  );

  it("refuses patterns longer than the cap, or too large to run quickly", () => {
    expect(compileUserRegex("a".repeat(MAX_PATTERN_LENGTH + 1)).ok).toBe(false);
    expect(compileUserRegex("a".repeat(MAX_PATTERN_LENGTH)).ok).toBe(true);
    expect(compileUserRegex("\\w{1000}\\w{1000}")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^that pattern is too large to check quickly/),
    });
  });

  it("refuses letters that normalized messages never contain, naming the replacement", () => {
    expect(compileUserRegex("café")).toMatchObject({
      ok: false,
      error: 'messages are checked in normalized form, where "é" reads "e": write "e"',
    });
    expect(compileUserRegex("саsino")).toMatchObject({ ok: false }); // Cyrillic с and а
    expect(compileUserRegex("日本").ok).toBe(true);
  });
});
