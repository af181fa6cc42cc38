import {
  type CollectedMetric,
  type MetricSample,
  type MetricSnapshot,
  type MetricSpec,
  snapshotOf,
} from "./collected-metric.js";
import { LabeledCells, type LabelNames, type LabelValues } from "./labeled-cells.js";

interface HistogramCell {
  readonly labels: Record<string, string>;
  /** Observations per bucket, each counted once in the first bucket whose bound holds it. */
  readonly perBucket: Float64Array;
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram over fixed upper bounds that records into a typed array per label
 * combination (see {@link LabeledCells}) and prints as prom-client's `Histogram` does: a
 * cumulative `_bucket{le}` per bound, then `le="+Inf"`, `_sum` and `_count`.
 *
 * @example
 * const durations = new HistogramMetric({
 *   name: "switchboard_event_duration_seconds",
 *   help: "Time the chain took",
 *   labelNames: ["event"] as const,
 *   buckets: [0.01, 0.1, 1],
 * });
 * durations.observe(0.042, "text");
 */
export class HistogramMetric<Names extends LabelNames> implements CollectedMetric {
  name: string;
  readonly help: string;
  readonly type = "histogram";
  readonly #bounds: readonly number[];
  readonly #cells: LabeledCells<Names, HistogramCell>;

  /** `buckets`: the upper bounds, ascending. */
  constructor(spec: MetricSpec<Names> & { buckets: readonly number[] }) {
    this.name = spec.name;
    this.help = spec.help;
    this.#bounds = spec.buckets;
    this.#cells = new LabeledCells(spec.labelNames, (labels) => ({
      labels,
      perBucket: new Float64Array(this.#bounds.length),
      sum: 0,
      count: 0,
    }));
  }

  /** Records one observation (in the metric's unit) in the series of these label values. */
  observe(value: number, ...values: LabelValues<Names>): void {
    const cell = this.#cells.at(...values);
    cell.sum += value;
    cell.count += 1;
    const bucket = firstBoundHolding(this.#bounds, value);
    if (bucket !== -1) cell.perBucket[bucket]! += 1;
  }

  get(): MetricSnapshot {
    const values: MetricSample[] = [];
    for (const cell of this.#cells) values.push(...this.#samples(cell));
    return snapshotOf(this, values);
  }

  reset(): void {
    this.#cells.clear();
  }

  #samples({ labels, perBucket, sum, count }: HistogramCell): MetricSample[] {
    const bucketName = `${this.name}_bucket`;
    let cumulative = 0;
    const buckets = this.#bounds.map((le, i) => {
      cumulative += perBucket[i]!;
      return { metricName: bucketName, labels: { le, ...labels }, value: cumulative };
    });
    return [
      ...buckets,
      { metricName: bucketName, labels: { le: "+Inf", ...labels }, value: count },
      { metricName: `${this.name}_sum`, labels, value: sum },
      { metricName: `${this.name}_count`, labels, value: count },
    ];
  }
}

/**
 * The index of the first bound at or above `value`, -1 above them all (counted in `+Inf` only).
 * A dozen bounds, most durations in the first few: a plain scan is enough.
 */
function firstBoundHolding(bounds: readonly number[], value: number): number {
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
  return -1;
}
