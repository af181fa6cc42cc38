/** The distribution of a set of samples (milliseconds, bytes, anything). */
export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile of `sorted` (ascending): the smallest sample with at least
 * `p` percent of the samples at or below it. No interpolation, so every value reported is a
 * value that was measured.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Summarizes samples: count, min, mean, p50, p95, p99, max (NaN for an empty set).
 *
 * @example
 * const { p50, p99 } = summarize(latenciesMs);
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * The middle sample (the lower of the two middle ones for an even count).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
}

/** The median of a few rounds' results, and how far apart the rounds were. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** One value per round, in the order run. */
  rounds: number[];
}

/**
 * Median, min and max of per-round values (NaN rounds are dropped; all NaN gives NaN).
 *
 * @example
 * spreadOf([1.02, 0.97, 1.1]); // { median: 1.02, min: 0.97, max: 1.1, rounds: [...] }
 */
export function spreadOf(rounds: readonly number[]): Spread {
  const finite = rounds.filter(Number.isFinite);
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    rounds: [...rounds],
  };
}
