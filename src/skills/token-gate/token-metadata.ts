import { type Address, formatUnits } from "viem";

/**
 * What a token contract says about itself. Both fields are optional extensions (ERC-20's
 * `symbol()`/`decimals()`, ERC-721's `symbol()`), so either may be missing.
 */
export interface TokenMetadata {
  symbol?: string;
  decimals?: number;
}

/**
 * A symbol is shown to every member of a group, and a token's deployer chooses it freely, so
 * only short, printable ones are used; anything else falls back to the address.
 */
export function isDisplayableSymbol(symbol: string): boolean {
  return /^[\p{L}\p{N}\p{S}._-]{1,16}$/u.test(symbol);
}

/**
 * An amount in the token's own units when its decimals are known, else in raw base units.
 *
 * @example
 * ```ts
 * formatAmount(1_500_000n, { decimals: 6 }); // "1.5"
 * formatAmount(1_500_000n, {}); // "1500000"
 * ```
 */
export function formatAmount(amount: bigint, metadata: TokenMetadata): string {
  return metadata.decimals === undefined
    ? amount.toString()
    : formatUnits(amount, metadata.decimals);
}

/**
 * An amount with its unit, as precise as the metadata allows.
 *
 * @example
 * ```ts
 * formatTokenAmount(100n * 10n ** 18n, token, { symbol: "TKN", decimals: 18 }); // "100 TKN"
 * formatTokenAmount(100n, token, {}); // "100 base units of 0x5FbDB2315678afecb367f032d93F642f64180aa3"
 * ```
 */
export function formatTokenAmount(amount: bigint, token: Address, metadata: TokenMetadata): string {
  const value = formatAmount(amount, metadata);
  if (metadata.decimals === undefined)
    return `${value} base units of ${tokenName(token, metadata)}`;
  return metadata.symbol === undefined
    ? `${value} tokens of ${token}`
    : `${value} ${metadata.symbol}`;
}

/** The symbol when the contract gives one, else the address. */
export function tokenName(token: Address, metadata: TokenMetadata): string {
  return metadata.symbol ?? token;
}
