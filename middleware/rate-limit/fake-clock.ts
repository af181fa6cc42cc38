/**
 * A clock for tests that moves only when told to, so window tests assert exact times instead
 * of sleeping.
 *
 * @example
 * const clock = fakeClock();
 * const windows = new FixedWindows({ points: 1, durationMs: 1_000, now: clock.now });
 * clock.advance(1_000);
 */
export function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
