import { describe, expect, it } from "vitest";
import { findContentViolation, wordMatcher } from "./check-content.js";
import type { Rule, RuleSpec } from "./rule.js";

const limits = { regexTimeoutMs: 100, maxScanChars: 4000 };
const rules = (...specs: RuleSpec[]): Rule[] =>
  specs.map((spec, index) => ({ id: index + 1, spec }));
const check = (ruleList: Rule[], text: string) => findContentViolation(ruleList, text, limits);

describe("wordMatcher", () => {
  it("matches whole words and phrases, case-insensitively", () => {
    const spam = wordMatcher(["spam", "buy now"]);
    expect(spam.test("SPAM!")).toBe(true);
    expect(spam.test("please buy   NOW")).toBe(true);
    expect(spam.test("spammer")).toBe(false);
    expect(spam.test("antispam")).toBe(false);
    expect(spam.test("buy nowhere")).toBe(false);
  });

  it("treats admins' words literally", () => {
    expect(wordMatcher(["a.b", "(x)"]).test("aXb")).toBe(false);
    expect(wordMatcher(["c++"]).test("I like c++ a lot")).toBe(true);
  });
});

describe("findContentViolation", () => {
  it("finds nothing when no rule is broken", () => {
    const all = rules(
      { type: "word", words: ["spam"] },
      { type: "regex", pattern: "fr[e3]{2} money" },
      { type: "links", allow: ["xmtp.org"] },
      { type: "length", max: 50 },
    );
    expect(check(all, "hello, see https://docs.xmtp.org")).toEqual({
      violation: undefined,
      regexTimedOut: false,
    });
  });

  it("names the first broken rule, in rule order", () => {
    const all = rules({ type: "length", max: 5 }, { type: "word", words: ["spam"] });
    const { violation } = check(all, "spam spam spam");
    expect(violation?.rule.id).toBe(1);
    expect(violation?.reason).toBe("14 characters is over the limit of 5");
  });

  it("catches blocked words, including fullwidth look-alikes", () => {
    const all = rules({ type: "word", words: ["spam"] });
    expect(check(all, "this is ｓｐａｍ").violation?.reason).toBe("that word is not allowed here");
  });

  it("catches patterns and tells which regex rule matched", () => {
    const all = rules(
      { type: "regex", pattern: "^never$" },
      { type: "word", words: ["zzz"] },
      { type: "regex", pattern: "fr[e3]{2}\\s+money" },
    );
    const { violation } = check(all, "FR33  money for all");
    expect(violation?.rule.id).toBe(3);
    expect(violation?.reason).toBe("that matches a blocked pattern");
  });

  it("applies regex rules only to the first maxScanChars characters", () => {
    const all = rules({ type: "regex", pattern: "tail" });
    const text = `${"x".repeat(200)} tail`;
    expect(
      findContentViolation(all, text, { ...limits, maxScanChars: 100 }).violation,
    ).toBeUndefined();
    expect(
      findContentViolation(all, text, { ...limits, maxScanChars: 300 }).violation,
    ).toBeDefined();
  });

  it("blocks links except to allowed domains", () => {
    const off = rules({ type: "links", allow: [] });
    expect(check(off, "see example.com").violation?.reason).toBe("links are not allowed here");
    const some = rules({ type: "links", allow: ["xmtp.org"] });
    expect(check(some, "docs at https://docs.xmtp.org").violation).toBeUndefined();
    expect(check(some, "or https://evil.com").violation?.reason).toBe(
      "links to evil.com are not allowed (only xmtp.org)",
    );
  });

  it("counts characters, not UTF-16 units", () => {
    const all = rules({ type: "length", max: 3 });
    expect(check(all, "👍👍👍").violation).toBeUndefined();
    expect(check(all, "👍👍👍👍").violation).toBeDefined();
  });

  it("reports a regex timeout as no violation", () => {
    // Stored rules pass the static check; this one is slow only on long input.
    const all = rules({ type: "regex", pattern: ".*.*.*x" });
    const result = findContentViolation(all, "a".repeat(4000), { ...limits, regexTimeoutMs: 20 });
    expect(result).toEqual({ violation: undefined, regexTimedOut: true });
  });
});
