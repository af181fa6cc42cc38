/**
 * Counts events in a rolling window, as XMTP counts a client's writes ("3,000 per rolling 5
 * minutes"). A fixed window would allow twice the budget across a window boundary, so this
 * keeps the start time of each event still inside the window: at most `limit` numbers.
 *
 * @example
 * const window = new RollingWindow(3, 2_000);
 * if (window.waitMs(Date.now()) === 0) window.record(Date.now());
 */
export class RollingWindow {
  /** Start times, oldest first. */
  readonly #times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** How long until one more event fits: 0 when it fits now. */
  waitMs(now: number): number {
    while (this.#times.length > 0 && this.#times[0]! <= now - this.windowMs) this.#times.shift();
    if (this.#times.length < this.limit) return 0;
    // Full: the next slot frees when the oldest event leaves the window.
    return this.#times[this.#times.length - this.limit]! + this.windowMs - now;
  }

  record(now: number): void {
    this.#times.push(now);
  }
}
