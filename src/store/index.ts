export { createMemoryStore } from "./memory-store.js";
export { createRedisStore, type RedisStoreOptions } from "./redis-store.js";
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
export { type Json, namespaced, type Store, type StoreEntry, type WriteOptions } from "./store.js";
export { StoreError, type StoreErrorCode } from "./store-error.js";
