import { createRequire } from "node:module";
import {
  type IRateLimiterStoreOptions,
  RateLimiterRes,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import type { Store } from "../../src/store/store.js";

/**
 * The base class of the library's storage-backed limiters. Its types are published, but its
 * index does not export the class itself, so it is loaded from its own file.
 */
const StoreLimiterBase: typeof RateLimiterStoreAbstract = createRequire(import.meta.url)(
  "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js",
);

/** One key's counter as stored: points consumed in the window and when the window ends. */
type Counter = { points: number; expiresAt: number | null };

/** Options for {@link StoreRateLimiter}: rate-limiter-flexible's, with a Switchboard store. */
export type StoreRateLimiterOptions = Omit<IRateLimiterStoreOptions, "storeClient"> & {
  store: Store;
};

/**
 * rate-limiter-flexible's fixed-window counter over any Switchboard {@link Store} (memory,
 * SQLite, Redis), so limits live wherever the agent keeps its state and are shared by every
 * process sharing that store. The library does the limiting (consume, block, penalty, reward);
 * this class only implements its storage hooks.
 *
 * Each counter is one entry whose store expiry is the window's end, so finished windows vanish
 * by themselves. A consume is one atomic `update` on a live window, or one `setIfAbsent` that
 * opens a new window: concurrent consumers, in this process or others, never lose a point.
 *
 * @example
 * const limiter = new StoreRateLimiter({ store, points: 5, duration: 10, keyPrefix: "sender" });
 * await limiter.consume(inboxId); // rejects with a RateLimiterRes past 5 points in 10 s
 */
export class StoreRateLimiter extends StoreLimiterBase {
  readonly #store: Store;

  constructor({ store, ...options }: StoreRateLimiterOptions) {
    super({ ...options, storeClient: store });
    this.#store = store;
  }

  async _upsert(
    rlKey: string,
    points: number,
    msDuration: number,
    forceExpire = false,
  ): Promise<Counter> {
    const ttl = msDuration > 0 ? { ttlMs: msDuration } : undefined;
    const fresh: Counter = { points, expiresAt: ttl ? Date.now() + msDuration : null };
    if (forceExpire) {
      await this.#store.set<Counter>(rlKey, fresh, ttl);
      return fresh;
    }
    for (;;) {
      // Without ttlMs, `update` keeps the entry's expiry: the window does not slide.
      const counted = await this.#store.update<Counter>(
        rlKey,
        (current) => current && { ...current, points: current.points + points },
      );
      if (counted) return counted;
      if (await this.#store.setIfAbsent<Counter>(rlKey, fresh, ttl)) return fresh;
      // Another consumer opened the window between the two calls: count in theirs.
    }
  }

  async _get(rlKey: string): Promise<Counter | null> {
    return (await this.#store.get<Counter>(rlKey)) ?? null;
  }

  async _delete(rlKey: string): Promise<boolean> {
    return this.#store.delete(rlKey);
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, counter: Counter): RateLimiterRes {
    const msBeforeNext =
      counter.expiresAt === null ? -1 : Math.max(counter.expiresAt - Date.now(), 0);
    return new RateLimiterRes(
      Math.max(this.points - counter.points, 0),
      msBeforeNext,
      counter.points,
      counter.points === changedPoints,
    );
  }
}
