import {
  and,
  consentState,
  denyInboxes,
  ignoreSelf,
  only,
} from "../../middleware/filters/index.js";
import { builtinMiddleware } from "../../src/agent/builtin-middleware.js";
import type { Middleware } from "../../src/compose/middleware.js";
import { configSchema } from "../../src/config/config-schema.js";
import type { Context } from "../../src/runtime/context.js";
import type { Store } from "../../src/store/store.js";

/**
 * Inbound limits no benchmark reaches, as environment: every message pays for the three
 * rate-limit counters (sender, conversation, global) but none is refused.
 */
export const UNREACHED_LIMITS_ENV = {
  SWITCHBOARD_RATE_LIMIT_SENDER: "1000000000/60s",
  SWITCHBOARD_RATE_LIMIT_CONVERSATION: "1000000000/60s",
  SWITCHBOARD_RATE_LIMIT_GLOBAL: "1000000000/60s",
};

/**
 * The filters a production agent typically adds in front of its skills: not itself, a
 * conversation it has not blocked, a sender not on a blocklist.
 *
 * @example
 * await createAgent({ name, skills, middleware: benchFilters(), config });
 */
export function benchFilters(): Middleware<Context>[] {
  return [
    only(and(ignoreSelf, consentState("allowed", "unknown"), denyInboxes(["blocked-inbox"]))),
  ];
}

/**
 * The whole inbound chain of an agent built by `createAgent` with its built-ins on, in order:
 * telemetry, the inbound rate limit (with {@link UNREACHED_LIMITS_ENV}), then
 * {@link benchFilters}. For in-process benchmarks; agents get it from `createAgent` itself.
 *
 * @example
 * const chain = compose([...fullPipelineMiddleware(store), router]);
 */
export function fullPipelineMiddleware(store: Store): Middleware<Context>[] {
  const config = configSchema.parse(UNREACHED_LIMITS_ENV);
  return [
    ...builtinMiddleware(config, store, { outboundPacing: false }).middleware,
    ...benchFilters(),
  ];
}
