import { StoreError } from "./store-error.js";

/**
 * A value a store can hold: what survives `JSON.stringify` and `JSON.parse` unchanged.
 * Object properties that are `undefined` are dropped, as JSON drops them, so optional fields
 * work. Declare stored shapes with `type`, not `interface`: TypeScript lets only type aliases
 * stand where an index signature is expected.
 *
 * @example
 * ```ts
 * type Poll = { question: string; votes: Record<string, number>; closesAt?: number };
 * await store.set<Poll>("poll:1", { question: "Lunch?", votes: {} });
 * ```
 */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [key: string]: Json | undefined };

/** Options for every call that writes a value. */
export interface WriteOptions {
  /** Milliseconds until the entry expires, rounded up; omitted means it never expires. */
  ttlMs?: number;
}

/** One entry returned by {@link Store.list}. */
export interface StoreEntry<T extends Json> {
  key: string;
  value: T;
}

/**
 * A small JSON key-value store with per-entry expiry, backed by memory, SQLite or Redis.
 * Every method validates its input and rejects with a {@link StoreError}; expired entries are
 * invisible to every method. Values are copied in and out, so mutating a value after `set`
 * or after `get` never changes what is stored.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.set("greeting", { text: "gm" }, { ttlMs: 60_000 });
 * const votes = await store.update<number>("votes", (n) => (n ?? 0) + 1);
 * await store.close();
 * ```
 */
export interface Store {
  /** The live value under `key`, or `undefined`. */
  get<T extends Json>(key: string): Promise<T | undefined>;
  /** Stores `value`, replacing any entry and its expiry. */
  set<T extends Json>(key: string, value: T, options?: WriteOptions): Promise<void>;
  /**
   * Stores `value` only when `key` holds no live entry; true when this call created it.
   * Of many concurrent callers exactly one wins, which makes it a claim or dedupe primitive.
   */
  setIfAbsent<T extends Json>(key: string, value: T, options?: WriteOptions): Promise<boolean>;
  /** Removes the entry; true when a live entry was removed. */
  delete(key: string): Promise<boolean>;
  /**
   * Atomic read-modify-write: `fn` gets the live value (or `undefined`) and returns the next
   * one, or `undefined` to delete the entry. Concurrent updates, from this process or (Redis,
   * SQLite) from others, never lose a write. Backends may call `fn` more than once when
   * another writer got in first, so it must be synchronous and free of side effects.
   * Without `ttlMs` an existing entry keeps its expiry. Resolves to the stored value.
   */
  update<T extends Json>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options?: WriteOptions,
  ): Promise<T | undefined>;
  /** The live entries whose key starts with `prefix` (`""` for all), in ascending key order. */
  list<T extends Json>(prefix: string): Promise<StoreEntry<T>[]>;
  /** Releases the backend; safe to call twice. */
  close(): Promise<void>;
}

/**
 * A view of `store` in which every key is `prefix` + key, so each skill or plugin gets its own
 * key space; `list` strips the prefix back off. Closing the view leaves `store` open, because
 * the view's user does not own the store.
 *
 * @example
 * ```ts
 * const polls = namespaced(store, "skill:polls:");
 * await polls.set("1", { question: "Lunch?" }); // stored as "skill:polls:1"
 * await polls.list(""); // [{ key: "1", value: { question: "Lunch?" } }]
 * ```
 */
export function namespaced(store: Store, prefix: string): Store {
  if (typeof prefix !== "string" || prefix === "") {
    throw new StoreError("SB_STORE_INVALID_KEY", "a namespace prefix must be a non-empty string");
  }
  // Checked before prefixing: an empty key would otherwise pass as the bare prefix.
  const scoped = (key: string) => prefix + assertKey(key);
  return {
    get: async (key) => store.get(scoped(key)),
    set: async (key, value, options) => store.set(scoped(key), value, options),
    setIfAbsent: async (key, value, options) => store.setIfAbsent(scoped(key), value, options),
    delete: async (key) => store.delete(scoped(key)),
    update: async (key, fn, options) => store.update(scoped(key), fn, options),
    list: async <T extends Json>(subPrefix: string) =>
      (await store.list<T>(prefix + subPrefix)).map(({ key, value }) => ({
        key: key.slice(prefix.length),
        value,
      })),
    close: async () => {},
  };
}

/** Rejects keys no backend can hold; returns the key so calls can be chained. @internal */
export function assertKey(key: string): string {
  if (typeof key !== "string" || key === "") {
    throw new StoreError("SB_STORE_INVALID_KEY", "a store key must be a non-empty string");
  }
  return key;
}

/** The validated TTL in whole milliseconds, or `undefined` for no expiry. @internal */
export function ttlOf(options: WriteOptions | undefined): number | undefined {
  const ttlMs = options?.ttlMs;
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== "number" || !(ttlMs > 0) || !Number.isSafeInteger(Math.ceil(ttlMs))) {
    throw new StoreError(
      "SB_STORE_INVALID_TTL",
      `ttlMs must be a positive finite number of milliseconds, got ${String(ttlMs)}`,
    );
  }
  return Math.ceil(ttlMs);
}

/** When an entry written `now` with `options` expires, in epoch ms; `undefined` for never. @internal */
export function expiryOf(options: WriteOptions | undefined, now: number): number | undefined {
  const ttlMs = ttlOf(options);
  return ttlMs === undefined ? undefined : now + ttlMs;
}

/**
 * Serializes a value for storage. `JSON.stringify` alone would silently turn a function into
 * nothing and a Date into a string that reads back as a different type, so anything that does
 * not round-trip is rejected, naming where in the value it sits. @internal
 */
export function encodeJson(key: string, value: unknown): string {
  const problem = findNonJson(value, "value", new Set());
  if (problem !== undefined) {
    throw new StoreError("SB_STORE_INVALID_VALUE", `cannot store "${key}": ${problem}`);
  }
  return JSON.stringify(value);
}

/** Parses what {@link encodeJson} wrote; anything else under our keys is corruption. @internal */
export function decodeJson<T extends Json>(key: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreError("SB_STORE_CORRUPT_VALUE", `"${key}" does not hold JSON`, {
      cause: error,
    });
  }
}

/** Describes the first part of `value` that JSON cannot carry, or `undefined` when it all can. */
function findNonJson(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
    case "undefined":
      return `${path} is undefined, which JSON cannot hold`;
    case "object":
      return value === null ? undefined : findNonJsonIn(value, path, ancestors);
    default:
      return `${path} is a ${typeof value}, which JSON cannot hold`;
  }
}

function findNonJsonIn(value: object, path: string, ancestors: Set<object>): string | undefined {
  if (ancestors.has(value)) return `${path} refers back to itself`;
  if (!Array.isArray(value) && !isPlainObject(value)) {
    return `${path} is a ${value.constructor?.name ?? "non-plain"} object; only plain objects and arrays are JSON`;
  }
  const children: [string, unknown][] = Array.isArray(value)
    ? // Array.from visits holes too (as undefined): JSON would silently turn them into null.
      Array.from(value, (item, index) => [`${path}[${index}]`, item])
    : Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([name, item]) => [`${path}.${name}`, item]);
  ancestors.add(value);
  let problem: string | undefined;
  for (const [childPath, item] of children) {
    problem = findNonJson(item, childPath, ancestors);
    if (problem !== undefined) break;
  }
  ancestors.delete(value);
  return problem;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Returns a hook for every write that runs `purge` at most once a minute. Lazy expiry alone
 * would keep entries that are never read again forever. @internal
 */
export function purgeOccasionally(purge: (now: number) => void): (now: number) => void {
  let next = 0;
  return (now) => {
    if (now < next) return;
    next = now + 60_000;
    purge(now);
  };
}

/** Orders list results the same way on every backend. @internal */
export function byKey(a: StoreEntry<Json>, b: StoreEntry<Json>): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
