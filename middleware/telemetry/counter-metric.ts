import {
  type CollectedMetric,
  type MetricSnapshot,
  type MetricSpec,
  snapshotOf,
} from "./collected-metric.js";
import { LabeledCells, type LabelNames, type LabelValues } from "./labeled-cells.js";

interface CounterCell {
  readonly labels: Record<string, string>;
  value: number;
}

/**
 * A Prometheus counter that counts in a plain number per label combination (see
 * {@link LabeledCells}) and prints as prom-client's `Counter` does.
 *
 * @example
 * const events = new CounterMetric({
 *   name: "switchboard_events_total",
 *   help: "Events by kind and outcome",
 *   labelNames: ["event", "outcome"] as const,
 * });
 * events.inc("text", "handled");
 */
export class CounterMetric<Names extends LabelNames> implements CollectedMetric {
  name: string;
  readonly help: string;
  readonly type = "counter";
  readonly #cells: LabeledCells<Names, CounterCell>;

  constructor(spec: MetricSpec<Names>) {
    this.name = spec.name;
    this.help = spec.help;
    this.#cells = new LabeledCells(spec.labelNames, (labels) => ({ labels, value: 0 }));
  }

  /** Adds one to the series of these label values. */
  inc(...values: LabelValues<Names>): void {
    this.#cells.at(...values).value += 1;
  }

  get(): MetricSnapshot {
    return snapshotOf(
      this,
      Array.from(this.#cells, ({ labels, value }) => ({ labels, value })),
    );
  }

  reset(): void {
    this.#cells.clear();
  }
}
