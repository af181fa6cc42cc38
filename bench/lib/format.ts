import type { Spread } from "./stats.js";

/** A ratio as `0.98×`. */
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a");

/**
 * Number formatting for benchmark tables, so every table reads the same way.
 *
 * @example
 * fmt.ms(12.345); // "12.3 ms"
 * fmt.ratio(30, 20); // "1.50×"
 */
export const fmt = {
  ms: (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a"),
  /** Events per second with thousands separators. */
  rate: (value: number) =>
    Number.isFinite(value) ? `${Math.round(value).toLocaleString("en-US")}/s` : "n/a",
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  signedMb: (bytes: number) => `${bytes >= 0 ? "+" : ""}${(bytes / 1024 / 1024).toFixed(1)} MB`,
  /** `value / baseline`, the column every table ends with. */
  ratio: (value: number, baseline: number) =>
    Number.isFinite(value / baseline) ? `${(value / baseline).toFixed(2)}×` : "n/a",
  int: (value: number) => Math.round(value).toLocaleString("en-US"),
  /** Microseconds, as "812 µs". */
  micros: (value: number) => (Number.isFinite(value) ? `${Math.round(value)} µs` : "n/a"),
  /** A ratio as `0.98×`. */
  times,
  /** A median and its range over rounds: `1.02× (0.97–1.10)`. */
  spread: (spread: Spread, format: (value: number) => string = times) =>
    `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`,
};
