/**
 * How many times a reliability test repeats its scenario: `RELIABILITY_RUNS` (e.g. 5 or 10 to
 * measure), else `fallback`, which keeps `npm test` short.
 */
export function reliabilityRuns(fallback = 1): number[] {
  const runs = Number(process.env.RELIABILITY_RUNS ?? fallback);
  return Array.from(
    { length: Number.isInteger(runs) && runs > 0 ? runs : fallback },
    (_, i) => i + 1,
  );
}
