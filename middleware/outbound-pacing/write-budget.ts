import type { Store } from "../../src/store/store.js";

/**
 * Where the pacer asks for permission to write: `reserve` takes one slot and returns 0, or
 * returns how long to wait before asking again.
 */
export interface WriteBudget {
  reserve(now: number): Promise<number>;
}

/** Buckets per window: a slot frees at most window/100 late, and the record stays small. */
const BUCKETS_PER_WINDOW = 100;

type Buckets = Record<string, number>;

/**
 * A budget shared by every process that writes as the same identity (replicas on Redis): XMTP
 * counts writes per client, not per process, over a rolling window. Writes are counted in
 * time buckets of window/100 in one store record, updated atomically; a bucket counts until
 * all of it has left the window, so no rolling window ever holds more than `limit` writes.
 */
export function sharedWriteBudget(store: Store, limit: number, windowMs: number): WriteBudget {
  const bucketMs = Math.max(1, Math.floor(windowMs / BUCKETS_PER_WINDOW));
  return {
    async reserve(now) {
      const current = Math.floor(now / bucketMs);
      let waitMs = 0;
      await store.update<Buckets>(
        "buckets",
        (buckets = {}) => {
          const live: Buckets = {};
          let used = 0;
          let oldest = current;
          for (const [index, count] of Object.entries(buckets)) {
            if ((Number(index) + 1) * bucketMs <= now - windowMs) continue;
            live[index] = count;
            used += count;
            oldest = Math.min(oldest, Number(index));
          }
          if (used < limit) {
            waitMs = 0;
            live[current] = (live[current] ?? 0) + 1;
          } else {
            // The next slot frees when the oldest bucket has wholly left the window.
            waitMs = Math.max(1, (oldest + 1) * bucketMs + windowMs - now);
          }
          return live;
        },
        { ttlMs: windowMs + bucketMs },
      );
      return waitMs;
    },
  };
}
