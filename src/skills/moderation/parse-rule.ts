import { type RuleSpec, ruleSpecSchema } from "./rule.js";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
const RATE = /^(\d+)\s*(?:\/|\s|per)\s*(\d+)\s*([smh])?$/i;

/** Usage of each rule type, shown when one is written wrong. */
export const RULE_USAGE: Record<RuleSpec["type"], string> = {
  word: '/rule add word <word>... (quote phrases: "buy now")',
  regex:
    "/rule add regex <pattern> (RE2 syntax, case-insensitive, on the normalized text; quote it if it has spaces)",
  links: "/rule add links off | /rule add links allow <domain>...",
  rate: "/rule add rate <count>/<window>, e.g. 5/10s, 20/1m",
  length: "/rule add length <max characters>",
  repeat: "/rule add repeat <times in a row>, at least 2",
};

/** The outcome of {@link parseRuleSpec}: a validated rule, or a sentence for the admin. */
export type ParsedRule = { ok: true; spec: RuleSpec } | { ok: false; error: string };

/**
 * Reads `/rule add <type> <value...>` (the words after `add`) into a rule, validated by the
 * same schema as stored rules and configured defaults.
 *
 * @example
 * parseRuleSpec(["rate", "5/10s"]); // { ok: true, spec: { type: "rate", count: 5, windowMs: 10000 } }
 * parseRuleSpec(["regex", "(a)\\1"]); // { ok: false, error: "pattern: backreferences ... are not supported ..." }
 */
export function parseRuleSpec([type = "", ...values]: readonly string[]): ParsedRule {
  const name = type.toLowerCase();
  if (!(name in RULE_USAGE)) {
    return {
      ok: false,
      error: `Unknown rule type "${type}". Types: ${Object.keys(RULE_USAGE).join(", ")}.`,
    };
  }
  const ruleType = name as RuleSpec["type"];
  const raw = rawSpec(ruleType, values);
  if (raw === undefined) return { ok: false, error: `Usage: ${RULE_USAGE[ruleType]}` };
  const parsed = ruleSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.filter((part) => typeof part === "string").join(".");
    return {
      ok: false,
      error: `${where ? `${where}: ` : ""}${issue?.message ?? "invalid"}\nUsage: ${RULE_USAGE[ruleType]}`,
    };
  }
  return { ok: true, spec: parsed.data };
}

/** The rule's fields before validation, or undefined when the values do not fit the shape. */
function rawSpec(type: RuleSpec["type"], values: readonly string[]): unknown {
  const text = values.join(" ").trim();
  if (text === "") return undefined;
  switch (type) {
    case "word":
      return { type, words: values };
    case "regex":
      // `/pattern/` is accepted for people used to literals; flags are always `iu`.
      return { type, pattern: /^\/(.+)\/[a-z]*$/s.exec(text)?.[1] ?? text };
    case "links": {
      const [mode, ...domains] = values;
      if (mode?.toLowerCase() === "off" && domains.length === 0) return { type, allow: [] };
      if (mode?.toLowerCase() === "allow" && domains.length > 0) return { type, allow: domains };
      return undefined;
    }
    case "rate": {
      const match = RATE.exec(text);
      if (!match) return undefined;
      const unit = UNITS[(match[3] ?? "s").toLowerCase()]!;
      return { type, count: Number(match[1]), windowMs: Number(match[2]) * unit };
    }
    case "length":
      return /^\d+$/.test(text) ? { type, max: Number(text) } : undefined;
    case "repeat":
      return /^\d+$/.test(text) ? { type, count: Number(text) } : undefined;
  }
}
