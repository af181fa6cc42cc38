import type { Registry } from "prom-client";
import type { SwitchboardRuntime } from "../../src/runtime/runtime.js";
import { registerCollected } from "./collected-metric.js";
import { CounterMetric } from "./counter-metric.js";
import { HistogramMetric } from "./histogram-metric.js";
import { ScrapedMetric } from "./scraped-metric.js";

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
 * Switchboard's Prometheus metrics. They record into plain numbers and typed arrays, without
 * prom-client, and go on a registry only with `register` (never prom-client's global one, so
 * several agents or tests in one process do not collide). In-flight work, queue depths and
 * reconnects are read from `live()` when scraped: free between scrapes and never stale.
 *
 * @example
 * const live = () => ({ status: agent.runtime.status, outboundQueueDepth: undefined });
 * const metrics = createMetrics(live);
 * metrics.events.inc("text", "handled");
 * metrics.register(agent.telemetry!.registry);
 */
export function createMetrics(live: () => LiveSample | undefined) {
  const recorded = {
    events: new CounterMetric({
      name: "switchboard_events_total",
      help: "Events through the middleware chain, by kind and outcome",
      labelNames: ["event", "outcome"] as const,
    }),
    eventDuration: new HistogramMetric({
      name: "switchboard_event_duration_seconds",
      help: "Time from an event entering the chain to the chain finishing, skills included",
      labelNames: ["event"] as const,
      buckets: DURATION_BUCKETS,
    }),
    skillDuration: new HistogramMetric({
      name: "switchboard_skill_duration_seconds",
      help: "Time one skill handler took (its own middleware included), by skill and outcome",
      labelNames: ["skill", "outcome"] as const,
      buckets: DURATION_BUCKETS,
    }),
    outbound: new CounterMetric({
      name: "switchboard_outbound_total",
      help: "The agent's own writes through the outbound pacer, by kind and result",
      labelNames: ["kind", "result"] as const,
    }),
    disconnects: new CounterMetric({
      name: "switchboard_stream_disconnects_total",
      help: "Times the XMTP streams were lost",
      labelNames: [] as const,
    }),
  };
  const scraped = [
    new ScrapedMetric(
      { name: "switchboard_in_flight", help: "Events being handled now", type: "gauge" },
      () => [{ labels: {}, value: live()?.status.inFlight ?? 0 }],
    ),
    new ScrapedMetric(
      {
        name: "switchboard_queue_depth",
        help: "Work waiting: events for their conversation's turn, writes for the outbound pacer",
        type: "gauge",
      },
      () => queueDepths(live()),
    ),
    new ScrapedMetric(
      {
        name: "switchboard_stream_reconnects_total",
        help: "Successful reconnections of the XMTP streams",
        type: "counter",
      },
      reconnectsTotal(live),
    ),
  ];
  return {
    ...recorded,
    /** Puts every metric on `registry`, which collects them from then on. */
    register(registry: Registry): void {
      for (const metric of [...scraped, ...Object.values(recorded)]) {
        registerCollected(registry, metric);
      }
    },
  };
}

function queueDepths(sample: LiveSample | undefined) {
  if (!sample) return [];
  const depths = [{ labels: { queue: "conversations" }, value: sample.status.queued }];
  if (sample.outboundQueueDepth !== undefined) {
    depths.push({ labels: { queue: "outbound" }, value: sample.outboundQueueDepth });
  }
  return depths;
}

/**
 * The runtime keeps a running count; the counter advances by what it grew since the last
 * scrape, so it never goes back should that count start over.
 */
function reconnectsTotal(live: () => LiveSample | undefined) {
  let seen = 0;
  let total = 0;
  return () => {
    const reconnects = live()?.status.reconnects ?? seen;
    if (reconnects > seen) total += reconnects - seen;
    seen = reconnects;
    return [{ labels: {}, value: total }];
  };
}

/** The instruments telemetry writes to as things happen. */
export type SwitchboardMetrics = ReturnType<typeof createMetrics>;
