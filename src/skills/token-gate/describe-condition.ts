import type { Address } from "viem";
import type { Condition } from "./conditions.js";
import { formatTokenAmount, type TokenMetadata, tokenName } from "./token-metadata.js";

/** Metadata already known for a token, e.g. from `ChainReader.metadata`; none is fine. */
export type MetadataLookup = (token: Address) => TokenMetadata | undefined;

/**
 * One line for `/gate` status messages saying what the gate requires. Amounts are raw base
 * units unless `metadata` knows the token's decimals.
 *
 * @example
 * ```ts
 * describeCondition({ kind: "erc721-owner", token, tokenId: "7" }, () => ({ symbol: "PUNK" }));
 * // "owns PUNK #7"
 * ```
 */
export function describeCondition(
  condition: Condition,
  metadata: MetadataLookup = () => undefined,
): string {
  switch (condition.kind) {
    case "erc20-balance": {
      const amount = formatTokenAmount(
        BigInt(condition.min),
        condition.token,
        metadata(condition.token) ?? {},
      );
      return `holds at least ${amount}${onChain(condition.chainId)}`;
    }
    case "erc721-owner": {
      const name = tokenName(condition.token, metadata(condition.token) ?? {});
      const what =
        condition.tokenId === undefined ? `a ${name} token` : `${name} #${condition.tokenId}`;
      return `owns ${what}${onChain(condition.chainId)}`;
    }
    case "all":
    case "any": {
      const parts = condition.conditions.map((child) => {
        const text = describeCondition(child, metadata);
        return child.kind === "all" || child.kind === "any" ? `(${text})` : text;
      });
      return `${condition.kind} of: ${parts.join("; ")}`;
    }
  }
}

function onChain(chainId: number | undefined): string {
  return chainId === undefined ? "" : ` on chain ${chainId}`;
}
