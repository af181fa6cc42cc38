import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { SwitchboardRuntime } from "../../src/runtime/runtime.js";

/** What `runtime.status` reports: state, stream health and the work in hand. */
export type RuntimeStatus = SwitchboardRuntime["status"];

/** What the scrape-time instruments read, once telemetry is attached. */
export interface LiveSample {
  status: RuntimeStatus;
  /** Writes waiting in the outbound pacer, when there is one. */
  outboundQueueDepth: number | undefined;
}

/** Seconds buckets for handlers: most skills answer in milliseconds, some call chains or APIs. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Switchboard's Prometheus metrics, on the caller's registry (never prom-client's global one,
 * so several agents or tests in one process do not collide). In-flight work, queue depths and
 * reconnects are read from `live()` when scraped: free between scrapes and never stale.
 *
 * @example
 * const live = () => ({ status: runtime.status, outboundQueueDepth: pacer.queueDepth });
 * const metrics = createMetrics(new Registry(), live);
 * metrics.events.inc({ event: "text", outcome: "handled" });
 */
export function createMetrics(registry: Registry, live: () => LiveSample | undefined) {
  const registers = [registry];
  new Gauge({
    name: "switchboard_in_flight",
    help: "Events being handled now",
    registers,
    collect() {
      const sample = live();
      if (sample) this.set(sample.status.inFlight);
    },
  });
  new Gauge({
    name: "switchboard_queue_depth",
    help: "Work waiting: events for their conversation's turn, writes for the outbound pacer",
    labelNames: ["queue"] as const,
    registers,
    collect() {
      const sample = live();
      if (!sample) return;
      this.set({ queue: "conversations" }, sample.status.queued);
      if (sample.outboundQueueDepth !== undefined) {
        this.set({ queue: "outbound" }, sample.outboundQueueDepth);
      }
    },
  });
  // The runtime keeps a running count; a Prometheus counter advances by what it grew since.
  let reconnectsSeen = 0;
  new Counter({
    name: "switchboard_stream_reconnects_total",
    help: "Successful reconnections of the XMTP streams",
    registers,
    collect() {
      const reconnects = live()?.status.reconnects ?? reconnectsSeen;
      if (reconnects > reconnectsSeen) this.inc(reconnects - reconnectsSeen);
      reconnectsSeen = reconnects;
    },
  });
  return {
    events: new Counter({
      name: "switchboard_events_total",
      help: "Events through the middleware chain, by kind and outcome",
      labelNames: ["event", "outcome"] as const,
      registers,
    }),
    eventDuration: new Histogram({
      name: "switchboard_event_duration_seconds",
      help: "Time from an event entering the chain to the chain finishing, skills included",
      labelNames: ["event"] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    skillDuration: new Histogram({
      name: "switchboard_skill_duration_seconds",
      help: "Time one skill handler took (its own middleware included), by skill and outcome",
      labelNames: ["skill", "outcome"] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    outbound: new Counter({
      name: "switchboard_outbound_total",
      help: "The agent's own writes through the outbound pacer, by kind and result",
      labelNames: ["kind", "result"] as const,
      registers,
    }),
    disconnects: new Counter({
      name: "switchboard_stream_disconnects_total",
      help: "Times the XMTP streams were lost",
      registers,
    }),
  };
}

/** The instruments telemetry writes to as things happen. */
export type SwitchboardMetrics = ReturnType<typeof createMetrics>;
