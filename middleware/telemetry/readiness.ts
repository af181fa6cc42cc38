import type { RuntimeStatus } from "./metrics.js";

/** Whether the agent should count as ready, and if not, why (for `/readyz` and people). */
export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * Ready means running, with streams up and caught up on what arrived while the agent was down:
 * before that, new messages would wait behind the catch-up, and after `stop()` begins none are
 * taken. `undefined` is a telemetry not attached to any runtime yet.
 *
 * @example
 * readinessOf(runtime.status); // { ready: false, reason: "catching up on missed messages" }
 */
export function readinessOf(status: RuntimeStatus | undefined): Readiness {
  if (!status) return { ready: false, reason: "no runtime attached" };
  if (status.state !== "running") return { ready: false, reason: `agent is ${status.state}` };
  if (!status.connected) return { ready: false, reason: "streams disconnected" };
  if (!status.caughtUp) return { ready: false, reason: "catching up on missed messages" };
  return { ready: true };
}
