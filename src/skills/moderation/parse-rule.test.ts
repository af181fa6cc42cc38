import { describe, expect, it } from "vitest";
import { parseRuleSpec } from "./parse-rule.js";

const ok = (tokens: string[]) => {
  const result = parseRuleSpec(tokens);
  if (!result.ok) throw new Error(`expected a rule, got: ${result.error}`);
  return result.spec;
};
const error = (tokens: string[]) => {
  const result = parseRuleSpec(tokens);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.spec)}`);
  return result.error;
};

describe("parseRuleSpec", () => {
  it("reads each rule type", () => {
    expect(ok(["word", "spam", "buy now"])).toEqual({ type: "word", words: ["spam", "buy now"] });
    expect(ok(["WORD", "x"])).toEqual({ type: "word", words: ["x"] });
    expect(ok(["regex", "fr[e3]{2}", "money"])).toEqual({
      type: "regex",
      pattern: "fr[e3]{2} money",
    });
    expect(ok(["regex", "/spam+/i"])).toEqual({ type: "regex", pattern: "spam+" });
    expect(ok(["links", "off"])).toEqual({ type: "links", allow: [] });
    expect(ok(["links", "allow", "XMTP.org", "https://example.com/x"])).toEqual({
      type: "links",
      allow: ["xmtp.org", "example.com"],
    });
    expect(ok(["rate", "5/10s"])).toEqual({ type: "rate", count: 5, windowMs: 10_000 });
    expect(ok(["rate", "20", "1m"])).toEqual({ type: "rate", count: 20, windowMs: 60_000 });
    expect(ok(["rate", "3", "per", "2h"])).toEqual({ type: "rate", count: 3, windowMs: 7_200_000 });
    expect(ok(["length", "500"])).toEqual({ type: "length", max: 500 });
    expect(ok(["repeat", "3"])).toEqual({ type: "repeat", count: 3 });
  });

  it("says which types exist when the type is unknown", () => {
    expect(error(["swear", "x"])).toMatch(/Unknown rule type "swear".*word, regex, links/);
  });

  it("explains a bad regex", () => {
    expect(error(["regex", "[oops"])).toMatch(/invalid regex: missing closing \]/);
    expect(error(["regex", "(a)\\1"])).toMatch(/backreferences .* are not supported/);
  });

  it("shows the usage of the type when the value does not fit", () => {
    expect(error(["rate", "fast"])).toMatch(/Usage: \/rule add rate/);
    expect(error(["length", "long"])).toMatch(/Usage: \/rule add length/);
    expect(error(["links", "maybe"])).toMatch(/Usage: \/rule add links off/);
    expect(error(["word"])).toMatch(/Usage: \/rule add word/);
  });

  it("validates ranges and domains", () => {
    expect(error(["repeat", "1"])).toMatch(/count: .*>=2/);
    expect(error(["rate", "5/0s"])).toMatch(/windowMs/);
    expect(error(["links", "allow", "not_a_domain"])).toMatch(/"not_a_domain" is not a domain/);
  });
});
