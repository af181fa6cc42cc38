import type { Level } from "pino";
import type { EventOutcome } from "../../src/runtime/context.js";
import type { SettledEvent } from "../../src/runtime/runtime.js";

/** Handled work is news, filtered noise is not, refusals deserve a look, failures an alarm. */
const LEVELS = {
  handled: "info",
  filtered: "debug",
  limited: "warn",
  rejected: "warn",
  failed: "error",
} as const satisfies Record<EventOutcome, Level>;

/**
 * Writes one line per settled event, from the event's own child logger (agent, conversation,
 * message, event), at a level that follows the outcome.
 *
 * @example
 * runtime.on("settled", logSettledEvent);
 * // {"level":30,"agent":"pollbot","conversationId":"…","messageId":"…","event":"text",
 * //  "outcome":"handled","durationMs":12.3,"source":"stream","msg":"event settled"}
 */
export function logSettledEvent({ ctx, outcome, durationMs }: SettledEvent): void {
  ctx.log[LEVELS[outcome]](
    { outcome, durationMs: Math.round(durationMs * 10) / 10, source: ctx.source },
    "event settled",
  );
}
