import { findLinkHosts, isAllowedHost } from "./links.js";
import { normalizeText, visibleText } from "./normalize-text.js";
import { matchingPatterns } from "./pattern-set.js";
import type { Rule } from "./rule.js";
import { compileUserRegex } from "./safe-regex.js";
import type { Violation } from "./violation.js";

/** A message as the content rules read it. */
interface Reading {
  /** As sent: the length rule counts what was sent, invisible padding included. */
  raw: string;
  /** {@link normalizeText}: what every rule matches against. */
  normalized: string;
  /** {@link visibleText}, made on demand: links are also checked as written. */
  visible(): string;
  /** Whether a regex rule matches; all of them are matched in one pass, on first demand. */
  matches(rule: Rule): boolean;
}

/**
 * The first rule a message's text breaks among those that look at content alone (words,
 * patterns, links, length), in rule order. Every rule reads the whole text in one normal form
 * ({@link normalizeText}), so invisible padding, zero-width characters inside a word,
 * look-alike letters and fullwidth or accented forms change nothing. Patterns run on a
 * linear-time engine (see `safe-regex.ts`), all in one pass (`pattern-set.ts`), so no message
 * is too long to check.
 *
 * @example
 * findContentViolation([{ id: 1, spec: { type: "word", words: ["spam"] } }], "ＳＰ\u200BАM!");
 * // { rule: ..., reason: "that word is not allowed here" }
 */
export function findContentViolation(
  rules: readonly Rule[],
  text: string,
  normalized = normalizeText(text),
): Violation | undefined {
  let visible: string | undefined;
  let matched: Set<Rule> | undefined;
  const reading: Reading = {
    raw: text,
    normalized,
    visible: () => {
      visible ??= visibleText(text);
      return visible;
    },
    matches: (rule) => {
      matched ??= matchingRegexRules(rules, normalized);
      return matched.has(rule);
    },
  };
  for (const rule of rules) {
    const reason = contentReason(rule, reading);
    if (reason) return { rule, reason };
  }
  return undefined;
}

function contentReason(rule: Rule, reading: Reading): string | undefined {
  const { spec } = rule;
  switch (spec.type) {
    case "length": {
      const length = Array.from(reading.raw).length;
      return length > spec.max
        ? `${length} characters is over the limit of ${spec.max}`
        : undefined;
    }
    case "word":
      return wordMatcher(spec.words).test(reading.normalized)
        ? "that word is not allowed here"
        : undefined;
    case "regex":
      return reading.matches(rule) ? "that matches a blocked pattern" : undefined;
    case "links":
      return linksReason(spec.allow, reading);
    default:
      return undefined;
  }
}

/** The regex rules (valid ones: stored rules are validated when read) that match `text`. */
function matchingRegexRules(rules: readonly Rule[], text: string): Set<Rule> {
  const regexRules = rules.flatMap((rule) =>
    rule.spec.type === "regex" && compileUserRegex(rule.spec.pattern).ok
      ? [{ rule, pattern: rule.spec.pattern }]
      : [],
  );
  const matching = matchingPatterns(
    regexRules.map(({ pattern }) => pattern),
    text,
  );
  return new Set(regexRules.filter((_, index) => matching.has(index)).map(({ rule }) => rule));
}

/**
 * Links are looked for in the normalized text (where `evil․com` with a one-dot leader or a
 * Cyrillic `.соm` is a link) and in the text as written (where `xmtр.org` with a Cyrillic `р`
 * keeps its own host); a host either reading does not allow is refused.
 */
function linksReason(allow: readonly string[], reading: Reading): string | undefined {
  const hosts = [...findLinkHosts(reading.normalized), ...findLinkHosts(reading.visible())];
  const host = hosts.find((found) => !isAllowedHost(found, allow));
  if (host === undefined) return undefined;
  return allow.length > 0
    ? `links to ${host} are not allowed (only ${allow.join(", ")})`
    : "links are not allowed here";
}

/**
 * A matcher for whole words or phrases in normalized text ({@link normalizeText}): "spam"
 * matches "Spam!" and "ｓｐ\u200Bаm" but not "spammer"; the spaces of a phrase match any run of
 * whitespace. Words are normalized the same way and escaped, so admins' words are never
 * patterns.
 *
 * @example
 * wordMatcher(["buy now"]).test(normalizeText("BUY   now!")); // true
 */
export function wordMatcher(words: readonly string[]): RegExp {
  const alternatives = words.map((word) =>
    normalizeText(word)
      .trim()
      .split(/\s+/)
      .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"))
      .join("\\s+"),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, "u");
}
