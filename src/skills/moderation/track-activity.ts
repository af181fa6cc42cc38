import { createHash } from "node:crypto";
import { z } from "zod";
import type { Rule } from "./rule.js";
import { formatDuration } from "./rule.js";
import type { Violation } from "./violation.js";

/** What the rate and repeat rules remember about one member in one group, as stored. */
export const activitySchema = z.object({
  /** Send times (ms) within the longest rate window, oldest first. */
  times: z.array(z.number()),
  /** A fingerprint of the member's last message. */
  last: z.string().optional(),
  /** How many messages in a row carried `last`. */
  repeats: z.number().int().min(0),
});
export type Activity = z.output<typeof activitySchema>;

/**
 * Records one message of a member (its text in `normalizeText` form) and checks the rules that depend on history (rate,
 * repeat). Pure, so it can run inside a store's atomic update. After a violation the
 * counter that tripped starts over, so one burst costs one strike, not one per message.
 *
 * @example
 * const { next, violation } = trackActivity(previous, { normalizedText: "hi", at: sentAtMs }, rules);
 */
export function trackActivity(
  previous: Activity | undefined,
  message: { normalizedText: string; at: number },
  rules: readonly Rule[],
): { next: Activity; violation: Violation | undefined } {
  const { at } = message;
  const rates = rules.flatMap((rule) => (rule.spec.type === "rate" ? [rule.spec] : []));
  const longest = Math.max(0, ...rates.map((rate) => rate.windowMs));
  const mostAllowed = Math.max(0, ...rates.map((rate) => rate.count));
  const times = [...(previous?.times ?? []).filter((time) => time > at - longest), at]
    .sort((a, b) => a - b)
    .slice(-(mostAllowed + 1));
  const fingerprint = fingerprintOf(message.normalizedText);
  const repeats = previous?.last === fingerprint ? previous.repeats + 1 : 1;
  const next: Activity = { times: rates.length > 0 ? times : [], last: fingerprint, repeats };

  for (const rule of rules) {
    const { spec } = rule;
    if (spec.type === "rate") {
      const recent = times.filter((time) => time > at - spec.windowMs).length;
      if (recent > spec.count) {
        const reason = `more than ${spec.count} messages in ${formatDuration(spec.windowMs)}`;
        return { next: { ...next, times: [] }, violation: { rule, reason } };
      }
    } else if (spec.type === "repeat" && repeats >= spec.count) {
      const reason = `the same message ${repeats} times in a row`;
      return { next: { ...next, repeats: 0 }, violation: { rule, reason } };
    }
  }
  return { next, violation: undefined };
}

/** Same normalized text up to spacing: "Buy  NOW" and "bυy now" repeat "buy now". */
function fingerprintOf(normalizedText: string): string {
  const canonical = normalizedText.replace(/\s+/g, " ").trim();
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 22);
}
