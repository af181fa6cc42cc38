import { performance } from "node:perf_hooks";

/** One measured stretch of back-to-back events. */
export interface EventRun {
  events: number;
  elapsedMs: number;
  /** Per-event durations in microseconds. */
  micros: number[];
}

/**
 * Runs `handle` back to back (each awaited) for `warmupMs` unmeasured, so the JIT settles,
 * then for `durationMs` measured, timing every event.
 *
 * @example
 * const run = await measureEvents(() => chain(ctx), { warmupMs: 100, durationMs: 500 });
 */
export async function measureEvents(
  handle: () => Promise<void>,
  { warmupMs, durationMs }: { warmupMs: number; durationMs: number },
): Promise<EventRun> {
  const warmupEnd = performance.now() + warmupMs;
  while (performance.now() < warmupEnd) await handle();
  const micros: number[] = [];
  const start = performance.now();
  const end = start + durationMs;
  let now = start;
  while (now < end) {
    await handle();
    const after = performance.now();
    micros.push((after - now) * 1000);
    now = after;
  }
  return { events: micros.length, elapsedMs: now - start, micros };
}
