import { z } from "zod";
import { normalizeDomain } from "./links.js";
import { compileUserRegex } from "./safe-regex.js";

const MINUTE = 60_000;

const domainSchema = z.string().transform((input, ctx) => {
  const domain = normalizeDomain(input);
  if (domain === undefined) ctx.addIssue({ code: "custom", message: `"${input}" is not a domain` });
  return domain ?? input;
});

/**
 * One moderation rule, as admins add it and as it is stored:
 * - `word`: whole words (or phrases), matched in normalized text (see `normalize-text.ts`);
 * - `regex`: an RE2 pattern, matched in linear time in normalized text (see `safe-regex.ts`);
 * - `links`: no links, except to the `allow`ed domains and their subdomains;
 * - `rate`: at most `count` messages per `windowMs` per member;
 * - `length`: at most `max` characters;
 * - `repeat`: the same text `count` times in a row by one member is a violation.
 *
 * @example
 * ruleSpecSchema.parse({ type: "rate", count: 5, windowMs: 10_000 });
 */
export const ruleSpecSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("word"),
    words: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
  }),
  z.object({
    type: z.literal("regex"),
    pattern: z.string().superRefine((pattern, ctx) => {
      const compiled = compileUserRegex(pattern);
      if (!compiled.ok) ctx.addIssue({ code: "custom", message: compiled.error });
    }),
  }),
  z.object({ type: z.literal("links"), allow: z.array(domainSchema).max(50) }),
  z.object({
    type: z.literal("rate"),
    count: z.number().int().min(1).max(1000),
    windowMs: z
      .number()
      .int()
      .min(1000)
      .max(24 * 60 * MINUTE),
  }),
  z.object({ type: z.literal("length"), max: z.number().int().min(1).max(100_000) }),
  z.object({ type: z.literal("repeat"), count: z.number().int().min(2).max(100) }),
]);

export type RuleSpec = z.output<typeof ruleSpecSchema>;
export type RuleType = RuleSpec["type"];

/** A rule of one group, numbered in the order admins added it. */
export type Rule = { id: number; spec: RuleSpec };

/** The short name a violation reply gives a rule: "rule #2 (blocked words)". */
export const RULE_TITLES: Record<RuleType, string> = {
  word: "blocked words",
  regex: "blocked pattern",
  links: "links",
  rate: "message rate",
  length: "message length",
  repeat: "repeated messages",
};

/**
 * One line for `/rules`.
 *
 * @example
 * describeRule({ type: "rate", count: 5, windowMs: 10_000 }); // "at most 5 messages per 10s"
 */
export function describeRule(spec: RuleSpec): string {
  switch (spec.type) {
    case "word":
      return `blocked words: ${spec.words.join(", ")}`;
    case "regex":
      return `blocked pattern: /${spec.pattern}/`;
    case "links":
      return spec.allow.length > 0 ? `links only to ${spec.allow.join(", ")}` : "no links";
    case "rate":
      return `at most ${spec.count} messages per ${formatDuration(spec.windowMs)}`;
    case "length":
      return `messages up to ${spec.max} characters`;
    case "repeat":
      return `no sending the same message ${spec.count} times in a row`;
  }
}

/** "10s", "2m", "1h30m": the largest units that divide evenly. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours) parts.push(`${hours}h`);
  if (minutes) parts.push(`${minutes}m`);
  if (seconds % 60 || parts.length === 0) parts.push(`${seconds % 60}s`);
  return parts.join("");
}
