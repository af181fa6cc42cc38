import {
  assertKey,
  byKey,
  decodeJson,
  encodeJson,
  expiryOf,
  type Json,
  purgeOccasionally,
  type Store,
  type StoreEntry,
  type WriteOptions,
} from "./store.js";

/** What the map holds: encoded JSON, so callers never share objects with the store. */
interface Entry {
  json: string;
  /** Epoch milliseconds, or `undefined` for no expiry. */
  expiresAt: number | undefined;
}

/**
 * A {@link Store} in process memory, for tests and single-process development. Data is lost
 * on exit. Every call completes in one tick, which is what makes `update` atomic here.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.setIfAbsent("claim:msg-1", true, { ttlMs: 60_000 });
 * ```
 */
export function createMemoryStore(): Store {
  const entries = new Map<string, Entry>();
  const isLive = (entry: Entry, now: number) =>
    entry.expiresAt === undefined || entry.expiresAt > now;
  const purge = purgeOccasionally((now) => {
    for (const [key, entry] of entries) if (!isLive(entry, now)) entries.delete(key);
  });

  /** The live entry under `key`, after checking the key. */
  const liveEntry = (key: string, now: number) => {
    const entry = entries.get(assertKey(key));
    return entry && isLive(entry, now) ? entry : undefined;
  };

  /** Stores encoded JSON, the single write path so that every write also purges. */
  const write = (key: string, json: string, expiresAt: number | undefined, now: number) => {
    entries.set(key, { json, expiresAt });
    purge(now);
  };

  return {
    async get<T extends Json>(key: string) {
      const entry = liveEntry(key, Date.now());
      return entry && decodeJson<T>(key, entry.json);
    },

    async set(key, value, options) {
      const now = Date.now();
      assertKey(key);
      write(key, encodeJson(key, value), expiryOf(options, now), now);
    },

    async setIfAbsent(key, value, options) {
      const now = Date.now();
      // Validated first, so that bad input is refused even when the key is taken.
      const json = encodeJson(key, value);
      const expiresAt = expiryOf(options, now);
      if (liveEntry(key, now)) return false;
      write(key, json, expiresAt, now);
      return true;
    },

    async delete(key) {
      const live = liveEntry(key, Date.now()) !== undefined;
      entries.delete(key);
      return live;
    },

    async update<T extends Json>(
      key: string,
      fn: (current: T | undefined) => T | undefined,
      options?: WriteOptions,
    ) {
      const now = Date.now();
      const expiresAt = expiryOf(options, now);
      const entry = liveEntry(key, now);
      const next = fn(entry && decodeJson<T>(key, entry.json));
      if (next === undefined) {
        entries.delete(key);
        return undefined;
      }
      const json = encodeJson(key, next);
      write(key, json, expiresAt ?? entry?.expiresAt, now);
      return decodeJson<T>(key, json);
    },

    async list<T extends Json>(prefix: string) {
      const now = Date.now();
      const found: StoreEntry<T>[] = [];
      for (const [key, entry] of entries) {
        if (key.startsWith(prefix) && isLive(entry, now)) {
          found.push({ key, value: decodeJson<T>(key, entry.json) });
        }
      }
      return found.sort(byKey);
    },

    async close() {
      entries.clear();
    },
  };
}
