import { builtinMiddleware } from "../../src/agent/builtin-middleware.js";
import type { Middleware } from "../../src/compose/middleware.js";
import { configSchema } from "../../src/config/config-schema.js";
import type { Context } from "../../src/runtime/context.js";
import type { Store } from "../../src/store/store.js";
import { UNREACHED_LIMITS_ENV } from "./unreached-limits.js";

/**
 * The inbound chain `createAgent` puts in front of the skills by default, in order: telemetry's
 * span, then the inbound rate limit (with {@link UNREACHED_LIMITS_ENV}). For in-process
 * benchmarks; agents get it from `createAgent` itself.
 *
 * @example
 * const chain = compose([...builtinChain(store), router]);
 */
export function builtinChain(store: Store): Middleware<Context>[] {
  const config = configSchema.parse(UNREACHED_LIMITS_ENV);
  return builtinMiddleware(config, store, { outboundPacing: false }).middleware;
}
