import type { Registry } from "prom-client";
import { z } from "zod";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import { parseOptions } from "../../src/config/parse-options.js";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import type { Context } from "../../src/runtime/context.js";
import type { Hook, HookName } from "../../src/runtime/lifecycle-hooks.js";
import type { RuntimeEvents } from "../../src/runtime/runtime.js";
import { logSettledEvent } from "./event-log.js";
import { eventSpan } from "./event-span.js";
import { type HealthServer, startHealthServer } from "./health-server.js";
import { createMetrics, type RuntimeStatus } from "./metrics.js";
import { loadPromClient } from "./prom-client-loader.js";

export { logSettledEvent } from "./event-log.js";
export { eventSpan } from "./event-span.js";
export { type HealthServer, type HealthServerOptions, startHealthServer } from "./health-server.js";
export type { RuntimeStatus } from "./metrics.js";
export { type Readiness, readinessOf } from "./readiness.js";

/** Options for {@link createTelemetry}. */
export interface TelemetryOptions {
  /** Serve `/metrics`, `/healthz` and `/readyz` on this port (0: any free one); off when absent. */
  port?: number;
  /** Loopback by default: metrics are for a scraper on the same host or behind a proxy. */
  host?: string;
  /**
   * Where the metrics go; a registry of its own by default (never prom-client's global one),
   * made, and prom-client loaded, only once something needs it.
   */
  registry?: Registry;
  /** `Host` names answered besides IPs and `localhost` (`METRICS_ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
}

const optionsSchema = z.object({
  port: z.int().min(0).max(65_535).optional(),
  host: z.string().min(1).default("127.0.0.1"),
  registry: z
    .custom<Registry>(
      (value) => value instanceof loadPromClient().Registry,
      "must be a prom-client Registry",
    )
    .optional(),
  allowedHosts: z.array(z.string().min(1)).readonly().optional(),
});

type ObservedEvent = "settled" | "skill-settled" | "disconnected";

/** What telemetry needs of a runtime: a `SwitchboardRuntime` is one. */
export interface ObservedRuntime {
  readonly status: RuntimeStatus;
  on<K extends ObservedEvent>(event: K, listener: (...args: RuntimeEvents[K]) => void): unknown;
  addHook(name: HookName, hook: Hook): unknown;
}

/** An outbound pacer as telemetry sees it (`outboundPacing()` returns one). */
export interface ObservedOutbound {
  /** Writes waiting for their turn. */
  readonly queueDepth: number;
  on(event: "sent" | "retried" | "failed", listener: (event: { kind: string }) => void): unknown;
}

/** Logs, metrics, health endpoints and spans for one agent; see {@link createTelemetry}. */
export interface Telemetry {
  /**
   * Every Switchboard metric is here; add your own to it. Made, and prom-client loaded, on
   * first access or when the HTTP server starts: the metrics record without it, and the
   * registry reads them when scraped.
   */
  readonly registry: Registry;
  /** The HTTP server's port while it listens (the bound one, with port 0). */
  readonly port: number | undefined;
  /** The span middleware; put the telemetry first in the chain so it spans everything. */
  middleware(): MiddlewareFn<Context>;
  /**
   * Observes one runtime (and its outbound pacer): a log line and metrics per settled event,
   * per-skill timings, stream drops. Starts the HTTP server when a port is set, so `/healthz`
   * answers during start-up and `/readyz` says why the agent is not ready yet; the server
   * closes in the runtime's `onClose` hook, after in-flight work has drained.
   */
  attach(runtime: ObservedRuntime, extras?: { outbound?: ObservedOutbound }): Promise<void>;
  /** Closes the HTTP server, if it listens; the runtime's `onClose` does this on stop. */
  close(): Promise<void>;
}

/**
 * Telemetry for an agent:
 * - one pino line per settled event from its child logger, with timing and outcome (info when
 *   handled, debug when filtered, warn when limited or rejected, error when failed);
 * - Prometheus metrics on its own registry, all named `switchboard_*`:
 *   `events_total{event,outcome}`, `event_duration_seconds{event}`,
 *   `skill_duration_seconds{skill,outcome}`, `in_flight`, `queue_depth{queue}`,
 *   `outbound_total{kind,result}`, `stream_disconnects_total`, `stream_reconnects_total`;
 * - `/metrics`, `/healthz` and `/readyz` over HTTP, only with a `port` (`METRICS_PORT`);
 * - OpenTelemetry spans `xmtp.<event>`, skipped until the application registers an SDK.
 *
 * `createAgent` sets this up by default; by hand:
 *
 * @example
 * const telemetry = createTelemetry({ port: config.METRICS_PORT });
 * const agent = await createAgent({ name: "bot", builtins: { telemetry: false } });
 * agent.use(telemetry); // first: its span covers the whole chain
 * await telemetry.attach(agent.runtime);
 * await agent.start();
 */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const config = parseOptions(optionsSchema, options, "createTelemetry");
  let attached: { runtime: ObservedRuntime; outbound: ObservedOutbound | undefined } | undefined;
  const metrics = createMetrics(
    () =>
      attached && {
        status: attached.runtime.status,
        outboundQueueDepth: attached.outbound?.queueDepth,
      },
  );
  let registry: Registry | undefined;
  const metricsRegistry = (): Registry => {
    if (!registry) {
      registry = config.registry ?? new (loadPromClient().Registry)();
      metrics.register(registry);
    }
    return registry;
  };
  // The caller's own registry shows Switchboard's metrics from the start, as it always has.
  if (config.registry) metricsRegistry();
  const span = eventSpan();
  let server: HealthServer | undefined;

  const telemetry: Telemetry = {
    get registry() {
      return metricsRegistry();
    },
    get port() {
      return server?.port;
    },
    middleware: () => span,
    async attach(runtime, { outbound } = {}) {
      if (attached) {
        // Its gauges read one runtime; a second would silently shadow the first.
        throw new SwitchboardError(
          "SB_ERR_CONFIG_INVALID",
          "this telemetry is already attached to a runtime: create one per agent",
        );
      }
      attached = { runtime, outbound };
      runtime.on("settled", (event) => {
        metrics.events.inc(event.ctx.event, event.outcome);
        metrics.eventDuration.observe(event.durationMs / 1000, event.ctx.event);
        logSettledEvent(event);
      });
      runtime.on("skill-settled", ({ skill, ok, durationMs }) =>
        metrics.skillDuration.observe(durationMs / 1000, skill, ok ? "handled" : "failed"),
      );
      runtime.on("disconnected", () => metrics.disconnects.inc());
      for (const result of ["sent", "retried", "failed"] as const) {
        outbound?.on(result, ({ kind }) => metrics.outbound.inc(kind, result));
      }
      runtime.addHook("onClose", () => telemetry.close());
      if (config.port === undefined) return;
      server = await startHealthServer({
        port: config.port,
        host: config.host,
        registry: metricsRegistry(),
        status: () => runtime.status,
        allowedHosts: config.allowedHosts,
      });
    },
    async close() {
      const closing = server;
      server = undefined;
      await closing?.close();
    },
  };
  return telemetry;
}
