import { findLinkHosts, isAllowedHost } from "./links.js";
import { firstMatch } from "./regex-sandbox.js";
import type { Rule, RuleSpec } from "./rule.js";
import { compileUserRegex } from "./safe-regex.js";
import type { Violation } from "./violation.js";

/** Bounds on the work one message may cost. */
export interface ContentLimits {
  /** The time budget all of a message's regex rules share. */
  regexTimeoutMs: number;
  /** Regex rules see only this many leading characters (the other rules see everything). */
  maxScanChars: number;
}

/** The first rule the text breaks, and whether the regex rules ran out of time. */
export interface ContentCheck {
  violation: Violation | undefined;
  regexTimedOut: boolean;
}

/**
 * Checks a message's text against the rules that look at content alone (words, patterns,
 * links, length), in rule order. Text is NFKC-normalized first, so fullwidth or ligature
 * look-alikes of a blocked word still match it. A regex timeout is never a violation:
 * nobody is punished because a pattern was slow.
 *
 * @example
 * findContentViolation([{ id: 1, spec: { type: "word", words: ["spam"] } }], "SPAM!", limits);
 * // { violation: { rule: ..., reason: "that word is not allowed here" }, regexTimedOut: false }
 */
export function findContentViolation(
  rules: readonly Rule[],
  text: string,
  limits: ContentLimits,
): ContentCheck {
  const normalized = text.normalize("NFKC");
  let regexHit: Rule | undefined | null = null; // null until the regex rules have run
  let regexTimedOut = false;
  const runRegexRules = () => {
    const regexRules = rules.filter((rule) => rule.spec.type === "regex");
    const patterns = regexRules.flatMap(({ spec }) => {
      const compiled = spec.type === "regex" ? compileUserRegex(spec.pattern) : undefined;
      return compiled?.ok ? [compiled.regex] : [];
    });
    const index = firstMatch(
      patterns,
      normalized.slice(0, limits.maxScanChars),
      limits.regexTimeoutMs,
    );
    regexTimedOut = index === "timeout";
    return index === "timeout" ? undefined : regexRules[index];
  };
  for (const rule of rules) {
    if (rule.spec.type === "regex") {
      regexHit ??= runRegexRules();
      if (regexHit === rule) {
        return { violation: { rule, reason: "that matches a blocked pattern" }, regexTimedOut };
      }
      continue;
    }
    const reason = contentReason(rule.spec, text, normalized);
    if (reason) return { violation: { rule, reason }, regexTimedOut };
  }
  return { violation: undefined, regexTimedOut };
}

function contentReason(spec: RuleSpec, text: string, normalized: string): string | undefined {
  switch (spec.type) {
    case "length": {
      const length = Array.from(text).length;
      return length > spec.max
        ? `${length} characters is over the limit of ${spec.max}`
        : undefined;
    }
    case "word":
      return wordMatcher(spec.words).test(normalized) ? "that word is not allowed here" : undefined;
    case "links": {
      const host = findLinkHosts(normalized).find((found) => !isAllowedHost(found, spec.allow));
      if (host === undefined) return undefined;
      return spec.allow.length > 0
        ? `links to ${host} are not allowed (only ${spec.allow.join(", ")})`
        : "links are not allowed here";
    }
    default:
      return undefined;
  }
}

/**
 * A matcher for whole words or phrases, case-insensitive: "spam" matches "Spam!" but not
 * "spammer"; the spaces of a phrase match any run of whitespace. Words are escaped, so
 * admins' words are never patterns.
 *
 * @example
 * wordMatcher(["buy now"]).test("BUY   now!"); // true
 */
export function wordMatcher(words: readonly string[]): RegExp {
  const alternatives = words.map((word) =>
    word
      .normalize("NFKC")
      .trim()
      .split(/\s+/)
      .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"))
      .join("\\s+"),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, "iu");
}
