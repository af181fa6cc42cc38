import { purgeOccasionally } from "../../src/store/store.js";

/** One key's window: the points taken in it, and when it ends (epoch milliseconds). */
interface Window {
  points: number;
  resetAt: number;
}

/** Options for {@link FixedWindows}. */
export interface FixedWindowsOptions {
  /** Points one key may take per window, at least 1. */
  points: number;
  /** How long a window lasts, from the key's first point in it. */
  durationMs: number;
  /** The clock, in epoch milliseconds. Default `Date.now()`; tests pass a fake one. */
  now?: () => number;
}

/**
 * Fixed-window counters kept in this process, with the windows of rate-limiter-flexible over
 * a store: a key's window opens at its first point and lasts `durationMs`; past `points`, the
 * key is refused until the window ends. A point costs one map lookup, synchronously: no
 * promise, result object or JSON copy, which a store-backed limiter needs only because its
 * counters may be shared. Finished windows are swept at most once a minute when a window
 * opens, rather than by a timer per key, so many one-off keys do not grow the map for ever.
 *
 * @example
 * const perConversation = new FixedWindows({ points: 20, durationMs: 60_000 });
 * perConversation.take(ctx.conversation.id); // undefined within 20 points; then ms until the window ends
 */
export class FixedWindows {
  readonly #windows = new Map<string, Window>();
  readonly #points: number;
  readonly #durationMs: number;
  readonly #now: () => number;
  readonly #sweep = purgeOccasionally((now) => {
    for (const [key, window] of this.#windows) {
      if (window.resetAt <= now) this.#windows.delete(key);
    }
  });

  constructor({ points, durationMs, now = () => Date.now() }: FixedWindowsOptions) {
    this.#points = points;
    this.#durationMs = durationMs;
    this.#now = now;
  }

  /**
   * Takes a point for `key`, opening a window of `durationMs` (default: the configured one)
   * if it has none running. Returns `undefined` when the point is granted, else the
   * milliseconds until the key's window ends.
   */
  take(key: string, durationMs = this.#durationMs): number | undefined {
    const now = this.#now();
    const window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      this.#windows.set(key, { points: 1, resetAt: now + durationMs });
      this.#sweep(now);
      return undefined;
    }
    window.points += 1;
    return window.points > this.#points ? window.resetAt - now : undefined;
  }

  /** How many windows are held, finished ones included until swept. */
  get size(): number {
    return this.#windows.size;
  }
}
