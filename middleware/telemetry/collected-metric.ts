import type { Registry, RegistryContentType } from "prom-client";
import type { LabelNames } from "./labeled-cells.js";

/** Name, help and label names of a metric, as prom-client's constructors take them. */
export interface MetricSpec<Names extends LabelNames> {
  name: string;
  help: string;
  labelNames: Names;
}

/** One sample as prom-client's registry prints it: `<metricName ?? name>{labels} value`. */
export interface MetricSample {
  labels: Record<string, string | number>;
  value: number;
  /** A histogram's `_bucket`, `_sum` and `_count` lines name themselves. */
  metricName?: string;
}

/** What a registry reads from a metric when scraped. */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: CollectedMetric["type"];
  values: MetricSample[];
  aggregator: "sum";
}

/**
 * A metric that records into Switchboard's own structures and that a prom-client `Registry`
 * collects like one of its own: the registry only ever reads `name`, `type`, `get()` and
 * `reset()` of what it holds (prom-client 15 `lib/registry.js`: `registerMetric`, `metrics`,
 * `getMetricsAsJSON`, `resetMetrics`). So recording needs no prom-client at all, and prom-client
 * is loaded only once something asks for the registry.
 */
export interface CollectedMetric {
  /** Not readonly: for OpenMetrics output the registry strips a counter's `_total` in place. */
  name: string;
  readonly help: string;
  readonly type: "counter" | "gauge" | "histogram";
  get(): MetricSnapshot;
  /** What `registry.resetMetrics()` calls. */
  reset(): void;
}

/**
 * Registers `metric` on `registry`; throws, as prom-client's own metrics do, when the registry
 * already holds another metric of that name.
 */
export function registerCollected(
  registry: Registry<RegistryContentType>,
  metric: CollectedMetric,
): void {
  // prom-client types `registerMetric` for its own classes; it reads only the members above.
  registry.registerMetric(metric as unknown as Parameters<Registry["registerMetric"]>[0]);
}

/**
 * A metric's snapshot as prom-client's registry reads it: its name, help and type, and `values`.
 *
 * @example
 * const spec = { name: "switchboard_in_flight", help: "Events being handled now", type: "gauge" } as const;
 * snapshotOf(spec, [{ labels: {}, value: 3 }]); // { name: "switchboard_in_flight", ..., aggregator: "sum" }
 */
export function snapshotOf(
  metric: Pick<CollectedMetric, "name" | "help" | "type">,
  values: MetricSample[],
): MetricSnapshot {
  return { name: metric.name, help: metric.help, type: metric.type, values, aggregator: "sum" };
}
