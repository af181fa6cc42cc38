import {
  type OutboundPacer,
  outboundPacing,
  outboundPacingOptionsFromConfig,
} from "../../middleware/outbound-pacing/index.js";
import { rateLimit, rateLimitOptionsFromConfig } from "../../middleware/rate-limit/index.js";
import { createTelemetry, type Telemetry } from "../../middleware/telemetry/index.js";
import type { Middleware } from "../compose/middleware.js";
import type { SwitchboardConfig } from "../config/config-schema.js";
import type { Context } from "../runtime/context.js";
import type { OutboundGate } from "../runtime/outbound-gate.js";
import { namespaced, type Store } from "../store/store.js";

/** Which built-ins an agent gets; all on unless turned off. */
export interface BuiltinOptions {
  /** Logs per event, metrics, spans; the HTTP server only with `METRICS_PORT`. */
  telemetry?: boolean;
  /** Inbound limits from `SWITCHBOARD_RATE_LIMIT_*`. */
  rateLimit?: boolean;
  /** Pacing and retries of the agent's writes from `SWITCHBOARD_OUTBOUND_*`. */
  outboundPacing?: boolean;
}

export interface Builtins {
  /** Runs before the agent's own middleware: telemetry first (it times everything), then limits. */
  middleware: Middleware<Context>[];
  outbound: OutboundGate | undefined;
  telemetry: Telemetry | undefined;
  pacer: OutboundPacer | undefined;
}

/**
 * The built-in middleware an agent runs with, configured from its configuration. With Redis
 * (`REDIS_URL`), the outbound budget lives in the agent's shared store, so replicas of one
 * identity share XMTP's per-client write budget.
 */
export function builtinMiddleware(
  config: SwitchboardConfig,
  store: Store,
  options: BuiltinOptions = {},
): Builtins {
  const telemetry =
    options.telemetry === false
      ? undefined
      : createTelemetry({ port: config.METRICS_PORT, allowedHosts: config.METRICS_ALLOWED_HOSTS });
  const pacer =
    options.outboundPacing === false
      ? undefined
      : outboundPacing({
          ...outboundPacingOptionsFromConfig(config),
          sharedStore: config.REDIS_URL ? namespaced(store, "outbound:") : undefined,
        });
  const middleware: Middleware<Context>[] = [];
  if (telemetry) middleware.push(telemetry);
  if (options.rateLimit !== false) middleware.push(rateLimit(rateLimitOptionsFromConfig(config)));
  return { middleware, outbound: pacer, telemetry, pacer };
}
