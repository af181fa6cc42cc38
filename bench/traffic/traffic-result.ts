import { fmt } from "../lib/format.js";
import type { Summary } from "../lib/stats.js";
import type { Row } from "../lib/table.js";

/** One devnode traffic pattern, measured: send → receive latencies and delivery rate. */
export interface TrafficResult {
  label: string;
  users: number;
  sent: number;
  deliveries: number;
  /** Expected deliveries that never came within the timeout. */
  missing: number;
  latency: Summary;
  /** Deliveries per second, first send to last delivery. */
  rate: number;
}

/**
 * A table row for `result`, with its ratios to `baseline`.
 *
 * @example
 * printTable("Devnode traffic", results.map((r) => trafficRow(r, results[0])));
 */
export function trafficRow(result: TrafficResult, baseline: TrafficResult): Row {
  return {
    pattern: result.label,
    users: result.users,
    sent: result.sent,
    deliveries: result.deliveries,
    p50: fmt.ms(result.latency.p50),
    p95: fmt.ms(result.latency.p95),
    p99: fmt.ms(result.latency.p99),
    "deliveries/s": fmt.rate(result.rate),
    "p50 ÷ base": fmt.ratio(result.latency.p50, baseline.latency.p50),
    "p95 ÷ base": fmt.ratio(result.latency.p95, baseline.latency.p95),
    "rate ÷ base": fmt.ratio(result.rate, baseline.rate),
    missing: result.missing,
  };
}
