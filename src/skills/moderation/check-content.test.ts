import { describe, expect, it } from "vitest";
import { findContentViolation, wordMatcher } from "./check-content.js";
import { normalizeText } from "./normalize-text.js";
import type { Rule, RuleSpec } from "./rule.js";

const rules = (...specs: RuleSpec[]): Rule[] =>
  specs.map((spec, index) => ({ id: index + 1, spec }));
const check = (ruleList: Rule[], text: string) => findContentViolation(ruleList, text);

describe("wordMatcher", () => {
  it("matches whole words and phrases in normalized text", () => {
    const matcher = wordMatcher(["Spam", "buy now"]);
    const spam = { test: (text: string) => matcher.test(normalizeText(text)) };
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
    expect(check(all, "hello, see https://docs.xmtp.org")).toBeUndefined();
  });

  it("names the first broken rule, in rule order", () => {
    const all = rules({ type: "length", max: 5 }, { type: "word", words: ["spam"] });
    const violation = check(all, "spam spam spam");
    expect(violation?.rule.id).toBe(1);
    expect(violation?.reason).toBe("14 characters is over the limit of 5");
  });

  it.each([
    ["fullwidth", "this is ｓｐａｍ"],
    ["zero-width inside", "sp\u200Bam"],
    ["Cyrillic а", "spаm"],
    ["accented", "spám"],
    ["after 900 KB of zero-width padding", `${"\u200B".repeat(300_000)} spam`],
  ])("catches blocked words written %s", (_name, text) => {
    const all = rules({ type: "word", words: ["spam"] });
    expect(check(all, text)?.reason).toBe("that word is not allowed here");
  });

  it("catches patterns and tells which regex rule matched", () => {
    const all = rules(
      { type: "regex", pattern: "^never$" },
      { type: "word", words: ["zzz"] },
      { type: "regex", pattern: "fr[e3]{2}\\s+money" },
    );
    const violation = check(all, "FR33  money for all");
    expect(violation?.rule.id).toBe(3);
    expect(violation?.reason).toBe("that matches a blocked pattern");
  });

  it("applies regex rules to the whole normalized text", () => {
    const all = rules({ type: "regex", pattern: "cheap\\s+viagra" });
    expect(check(all, `${"x".repeat(100_000)} CHEAP vіagra`)?.rule.id).toBe(1);
    expect(check(all, `${"\u200B".repeat(50_000)}cheap via\u200Bgra`)?.rule.id).toBe(1);
  });

  it("still strikes with a pattern that would backtrack forever beside it", () => {
    const all = rules(
      { type: "regex", pattern: "[\\s\\S]*[\\s\\S]*[\\s\\S]*x$" },
      { type: "regex", pattern: "cheap viagra" },
    );
    expect(check(all, `cheap viagra ${"a".repeat(3_000)}`)?.rule.id).toBe(2);
  });

  it("blocks links except to allowed domains", () => {
    const off = rules({ type: "links", allow: [] });
    expect(check(off, "see example.com")?.reason).toBe("links are not allowed here");
    expect(check(off, "see example.с\u200Bоm")?.reason).toBe("links are not allowed here");
    const some = rules({ type: "links", allow: ["xmtp.org"] });
    expect(check(some, "docs at https://docs.xmtp.org")).toBeUndefined();
    expect(check(some, "or https://evil.com")?.reason).toBe(
      "links to evil.com are not allowed (only xmtp.org)",
    );
  });

  it("counts characters, not UTF-16 units", () => {
    const all = rules({ type: "length", max: 3 });
    expect(check(all, "👍👍👍")).toBeUndefined();
    expect(check(all, "👍👍👍👍")).toBeDefined();
  });

  it("never takes a look-alike host for an allowed one", () => {
    const some = rules({ type: "links", allow: ["xmtp.org"] });
    expect(check(some, "log in at https://xmtр.org")?.reason).toMatch(/^links to xn--/);
  });
});
