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
};
