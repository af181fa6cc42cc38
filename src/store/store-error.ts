import { SwitchboardError } from "../errors/switchboard-error.js";

/** Every way a store refuses a call; stable codes that callers and logs can match on. */
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
 * The store layer's own refusals: a {@link SwitchboardError} with one of the `SB_STORE_*` codes.
 * Backend failures after the store is open (a dropped connection, a full disk) pass through
 * unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await store.set("poll:1", { closesAt: new Date() } as never);
 * } catch (error) {
 *   if (isSwitchboardError(error, "SB_STORE_INVALID_VALUE")) ...
 * }
 * ```
 */
export class StoreError extends SwitchboardError<StoreErrorCode> {
  override name = "StoreError";
  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options && "cause" in options ? { cause: options.cause } : {});
  }
}
