/**
 * A clock for tests that moves only when told to, so window tests assert exact times instead
 * of sleeping.
 *
 * @example
 * const clock = fakeClock(0);
 * clock.advance(1_000);
 * clock.now(); // 1000
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
