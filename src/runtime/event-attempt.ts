import type { Store } from "../store/store.js";
import { StoreError } from "../store/store-error.js";

/**
 * One attempt at handling an event, and whether it was cut short by a failure that may pass
 * (the store down, a write the outbound gate gave up on): then the event did not really run
 * and the runtime runs it again later instead of counting it handled. Skills catch their own
 * errors, so such failures are reported here rather than relying on them to propagate.
 */
export class EventAttempt {
  unfinished = false;

  /**
   * `store` as this attempt's handlers use it: each failed call marks the attempt. Errors of
   * the caller's making (a bad key or value: StoreError) are not the store's failure.
   */
  watch(store: Store): Store {
    const guard = async <T>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof StoreError) || error.code === "SB_STORE_UNAVAILABLE")
          this.unfinished = true;
        throw error;
      }
    };
    return {
      get: (key) => guard(() => store.get(key)),
      set: (key, value, options) => guard(() => store.set(key, value, options)),
      setIfAbsent: (key, value, options) => guard(() => store.setIfAbsent(key, value, options)),
      delete: (key) => guard(() => store.delete(key)),
      update: (key, fn, options) => guard(() => store.update(key, fn, options)),
      list: (prefix) => guard(() => store.list(prefix)),
      close: () => store.close(),
    };
  }
}
