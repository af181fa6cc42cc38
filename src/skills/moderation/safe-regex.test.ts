import { describe, expect, it } from "vitest";
import { compileUserRegex, findBacktrackingRisk, MAX_PATTERN_LENGTH } from "./safe-regex.js";

describe("compileUserRegex", () => {
  it.each([
    "spam",
    "\\bfr[e3]{2}\\s+money\\b",
    "(?:buy|sell) now",
    "(ab)+c",
    "(a+)?b",
    "\\(a+\\)+",
    "[(]a+[)]+",
    "(?<word>x)y{2,}",
    "\\p{Emoji}{3,}",
    "a{2}",
  ])("accepts %s, case-insensitively", (pattern) => {
    const result = compileUserRegex(pattern);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.regex.flags).toBe("iu");
  });

  it.each([
    ["(a+)+$", /nested quantifiers/],
    ["(\\w*\\s?)*x", /nested quantifiers/],
    ["((ab)+c)*", /nested quantifiers/],
    ["(x+x+)+y", /nested quantifiers/],
    ["(a|ab)*c", /repeated alternation/],
    ["(?:a|a){2,}", /repeated alternation/],
    ["(a)\\1", /backreferences/],
    ["(?<x>a)\\k<x>", /backreferences/],
  ])("refuses %s as prone to catastrophic backtracking", (pattern, reason) => {
    const result = compileUserRegex(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it.each(["[unclosed", "a{2,1}", "(", "\\q", "*a"])(
    "refuses the invalid %s, saying why",
    (pattern) => {
      const result = compileUserRegex(pattern);
      expect(result).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^invalid regex: \S/),
      });
    },
  );

  it("refuses patterns longer than the cap", () => {
    expect(compileUserRegex("a".repeat(MAX_PATTERN_LENGTH + 1)).ok).toBe(false);
    expect(compileUserRegex("a".repeat(MAX_PATTERN_LENGTH)).ok).toBe(true);
  });

  it("does not mistake a quantifier inside a class for one on a group", () => {
    expect(findBacktrackingRisk("([+*])+")).toBeUndefined();
  });
});
