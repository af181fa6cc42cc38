import {
  type CollectedMetric,
  type MetricSample,
  type MetricSnapshot,
  snapshotOf,
} from "./collected-metric.js";

/**
 * A metric read when scraped rather than recorded as things happen: free between scrapes and
 * never stale (in-flight work, queue depths, the runtime's own running counts).
 *
 * @example
 * const inFlight = new ScrapedMetric(
 *   { name: "switchboard_in_flight", help: "Events being handled now", type: "gauge" },
 *   () => [{ labels: {}, value: agent.runtime.status.inFlight }],
 * );
 */
export class ScrapedMetric implements CollectedMetric {
  name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly #read: () => MetricSample[];

  constructor(
    spec: Pick<CollectedMetric, "name" | "help"> & { type: "counter" | "gauge" },
    read: () => MetricSample[],
  ) {
    this.name = spec.name;
    this.help = spec.help;
    this.type = spec.type;
    this.#read = read;
  }

  get(): MetricSnapshot {
    return snapshotOf(this, this.#read());
  }

  /** Nothing to forget: each scrape reads afresh. */
  reset(): void {}
}
