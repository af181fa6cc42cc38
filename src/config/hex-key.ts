import type { Hex } from "viem";
import { z } from "zod";

const HEX_KEY = /^0x[0-9a-fA-F]{64}$/;

/**
 * A 32-byte secret written as `0x` + 64 hex digits, typed as viem's `Hex`. Its error message
 * never includes the value.
 *
 * @example
 * ```ts
 * hexKey.safeParse("0x1234").success; // false
 * ```
 */
export const hexKey = z.custom<Hex>((value) => typeof value === "string" && HEX_KEY.test(value), {
  message: "must be 0x followed by 64 hex digits",
});
