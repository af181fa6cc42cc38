import { FixedWindows } from "./fixed-windows.js";
import { type NamedRule, type RateWindows, seenForMs } from "./rate-windows.js";

/**
 * Windows in process memory, for an agent that runs as one process: every answer is
 * synchronous, and a restart starts the windows afresh (a minute or so of counts is not worth
 * a write per message). Each limit gets its own counters, so keys need no prefix.
 *
 * @example
 * const windows = memoryWindows([{ name: "sender", rule: { points: 20, durationMs: 60_000 } }]);
 * windows.buckets[0]!.take(ctx.conversation.id); // undefined: granted
 */
export function memoryWindows(
  limits: readonly NamedRule[],
  now: () => number = () => Date.now(),
): RateWindows {
  const seen = new FixedWindows({ points: 1, durationMs: seenForMs(limits), now });
  return {
    firstSighting: (messageId) => seen.take(messageId) === undefined,
    buckets: limits.map(({ rule }) => {
      const counts = new FixedWindows({ ...rule, now });
      const answers = new FixedWindows({ points: 1, durationMs: rule.durationMs, now });
      return {
        take: (key) => counts.take(key),
        takeAnswer: (key, durationMs) => answers.take(key, durationMs) === undefined,
      };
    }),
  };
}
