import { ENABLE_AOF, missingPersistence } from "./redis-persistence.js";
import {
  assertKey,
  byKey,
  decodeJson,
  encodeJson,
  type Json,
  type Store,
  type StoreEntry,
  ttlOf,
  type WriteOptions,
} from "./store.js";
import { StoreError } from "./store-error.js";

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis[s]://[[user][:password]@]host[:port][/db]` */
  url: string;
  /** Prepended to every key in Redis, so apps and test runs can share a database. */
  keyPrefix?: string;
  /**
   * Receives connection errors once the store is open; node-redis keeps reconnecting
   * meanwhile, and commands wait for it. Defaults to `process.emitWarning`.
   */
  onError?: (error: Error) => void;
  /**
   * Receives the warning when Redis would lose the store on a restart (no AOF): the agent's
   * handled messages and greeted conversations live here. Defaults to `process.emitWarning`.
   */
  onWarning?: (warning: string) => void;
}

/**
 * Writes ARGV[2] (or deletes, when it is "") only if the key still holds ARGV[1] ("" for
 * absent): the compare-and-set behind `update`. Lua runs atomically on the server, which
 * makes it safe on a multiplexed connection where WATCH would see other callers' commands.
 * Stored JSON is never "", so "" is free to mean "nothing".
 */
const COMPARE_AND_SET = `
  if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
  if ARGV[2] == '' then
    redis.call('DEL', KEYS[1])
  elseif ARGV[3] == '' then
    redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  else
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  end
  return 1
`;

/**
 * A {@link Store} in Redis (6 or later), shared by every process that opens the same URL and
 * key prefix. Values are JSON strings and expiry is Redis's own. `update` reads, applies `fn`
 * and writes back with a server-side compare-and-set, retrying when another writer got in
 * first. Rejects with `SB_STORE_UNAVAILABLE` when Redis cannot be reached at startup.
 *
 * @example
 * ```ts
 * const store = await createRedisStore({ url: process.env.REDIS_URL!, keyPrefix: "bot:" });
 * if (await store.setIfAbsent(`seen:${message.id}`, true, { ttlMs: 86_400_000 })) handle(message);
 * ```
 */
export async function createRedisStore({
  url,
  keyPrefix = "switchboard:",
  onError = (error) => process.emitWarning(error),
  onWarning = (warning) => process.emitWarning(warning, "SwitchboardRedisPersistence"),
}: RedisStoreOptions): Promise<Store> {
  const client = await connect(url, onError);
  const problem = warnedUrls.has(url) ? undefined : await missingPersistence(client);
  if (problem) {
    warnedUrls.add(url);
    onWarning(
      `${problem}. After a Redis restart the agent would answer handled messages again and lose other state; ${ENABLE_AOF}.`,
    );
  }
  const redisKey = (key: string) => keyPrefix + assertKey(key);
  const expiration = (ttlMs: number | undefined) =>
    ttlMs === undefined ? {} : { expiration: { type: "PX", value: ttlMs } as const };

  return {
    async get<T extends Json>(key: string) {
      const json = await client.get(redisKey(key));
      return json === null ? undefined : decodeJson<T>(key, json);
    },

    async set(key, value, options) {
      await client.set(redisKey(key), encodeJson(key, value), expiration(ttlOf(options)));
    },

    async setIfAbsent(key, value, options) {
      const reply = await client.set(redisKey(key), encodeJson(key, value), {
        condition: "NX",
        ...expiration(ttlOf(options)),
      });
      return reply !== null;
    },

    async delete(key) {
      return (await client.del(redisKey(key))) > 0;
    },

    async update<T extends Json>(
      key: string,
      fn: (current: T | undefined) => T | undefined,
      options?: WriteOptions,
    ) {
      const target = redisKey(key);
      const ttlMs = ttlOf(options);
      // Lock-free: a round is lost only because another writer's round succeeded.
      for (;;) {
        const current = await client.get(target);
        const next = fn(current === null ? undefined : decodeJson<T>(key, current));
        if (current === null && next === undefined) return undefined;
        const json = next === undefined ? "" : encodeJson(key, next);
        const applied = await client.eval(COMPARE_AND_SET, {
          keys: [target],
          arguments: [current ?? "", json, ttlMs === undefined ? "" : String(ttlMs)],
        });
        if (applied === 1) return next === undefined ? undefined : decodeJson<T>(key, json);
      }
    },

    async list<T extends Json>(prefix: string) {
      // SCAN may return a key more than once, so results are keyed.
      const found = new Map<string, StoreEntry<T>>();
      const match = `${escapeGlob(keyPrefix + prefix)}*`;
      for await (const keys of client.scanIterator({ MATCH: match, COUNT: 200 })) {
        if (keys.length === 0) continue;
        const values = await client.mGet(keys);
        keys.forEach((fullKey, index) => {
          const json = values[index];
          // null: expired or deleted since SCAN saw it.
          if (json === null || json === undefined) return;
          const key = fullKey.slice(keyPrefix.length);
          found.set(key, { key, value: decodeJson<T>(key, json) });
        });
      }
      return [...found.values()].sort(byKey);
    },

    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

/** Redis servers already warned about in this process: one warning each, not one per store. */
const warnedUrls = new Set<string>();

/**
 * Connects, failing fast when Redis is not there at startup (node-redis would otherwise retry
 * forever and the store would hang unopened); once connected, outages are retried with backoff.
 */
async function connect(url: string, onError: (error: Error) => void) {
  // Loaded here, not at the top: the client costs ~10 MB of heap that an agent on the embedded
  // store, which never calls this, should not carry.
  const { createClient } = await import("redis");
  let connected = false;
  const client = createClient({
    url,
    socket: {
      reconnectStrategy: (retries, cause) =>
        connected ? Math.min(2 ** retries * 50, 2_000) : cause,
    },
  });
  // Before the first connection, the rejected connect() below reports the error instead.
  client.on("error", (error: Error) => {
    if (connected) onError(error);
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    // The cause's message names host and port; the URL itself may carry a password.
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError("SB_STORE_UNAVAILABLE", `cannot connect to Redis: ${reason}`, {
      cause: error,
    });
  }
  connected = true;
  return client;
}

/** Escapes Redis glob syntax so a prefix matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
