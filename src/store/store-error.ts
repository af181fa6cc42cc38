/** Every way a store refuses a call; stable strings that callers and logs can match on. */
export type StoreErrorCode =
  /** The key (or a namespace prefix) is empty or not a string. */
  | "SB_STORE_INVALID_KEY"
  /** The value is not plain JSON (functions, BigInt, Date, cycles, NaN...). */
  | "SB_STORE_INVALID_VALUE"
  /** `ttlMs` is not a positive finite number. */
  | "SB_STORE_INVALID_TTL"
  /** What the backend holds under a key is not JSON this store wrote. */
  | "SB_STORE_CORRUPT_VALUE"
  /** The backend could not be reached when the store was opened. */
  | "SB_STORE_UNAVAILABLE";

/**
 * The one error type the store layer throws for its own reasons; backend failures after the
 * store is open (a dropped connection, a full disk) pass through unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await store.set("poll:1", { closesAt: new Date() } as never);
 * } catch (error) {
 *   if (error instanceof StoreError && error.code === "SB_STORE_INVALID_VALUE") ...
 * }
 * ```
 */
export class StoreError extends Error {
  override name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
