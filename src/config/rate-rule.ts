import { z } from "zod";

/** A budget of `points` per `durationMs`: the shape of every rate limit and pacing budget. */
export interface RateRule {
  points: number;
  durationMs: number;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const EXPECTED_RULE =
  'expected N/<duration> like "20/60s" (N and the duration above zero, units ms, s, m or h)';
const RULE = /^(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)$/;

/**
 * Parses `"<points>/<duration><unit>"`, e.g. `"20/60s"` or `"3000/5m"` (units ms, s, m, h),
 * into a {@link RateRule}. One variable per budget reads better in a `.env` file than a pair
 * of numbers whose units the reader has to guess.
 *
 * @example
 * ```ts
 * rateRule.parse("20/60s"); // { points: 20, durationMs: 60_000 }
 * ```
 */
export const rateRule = z
  .string()
  .trim()
  .transform((text, ctx): RateRule => {
    const match = RULE.exec(text);
    const points = Number(match?.[1]);
    const durationMs = Number(match?.[2]) * UNIT_MS[(match?.[3] ?? "ms") as keyof typeof UNIT_MS];
    if (!match || points < 1 || durationMs < 1 || !Number.isSafeInteger(durationMs)) {
      ctx.addIssue({
        code: "custom",
        message: `${EXPECTED_RULE}; got "${text}"`,
      });
      return z.NEVER;
    }
    return { points, durationMs };
  });

/**
 * A {@link rateRule}, or `"off"` (parsed as `false`) to disable that limit.
 *
 * @example
 * ```ts
 * rateRuleOrOff.parse("off"); // false
 * ```
 */
export const rateRuleOrOff = z
  .string()
  .trim()
  .transform((text, ctx): RateRule | false => {
    if (text.toLowerCase() === "off") return false;
    const rule = rateRule.safeParse(text);
    if (rule.success) return rule.data;
    ctx.addIssue({ code: "custom", message: `${EXPECTED_RULE}, or "off"; got "${text}"` });
    return z.NEVER;
  });
