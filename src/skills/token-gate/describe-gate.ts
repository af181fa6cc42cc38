import type { Address } from "viem";
import type { ChainReader } from "./chain-reader.js";
import type { Condition } from "./conditions.js";
import { describeCondition } from "./describe-condition.js";
import type { TokenMetadata } from "./token-metadata.js";

/**
 * {@link describeCondition} with each token's symbol and decimals read from the chain first.
 * Metadata only makes the line friendlier: a token that cannot be read right now is shown by
 * address and raw amount rather than failing the whole answer.
 *
 * @example
 * ```ts
 * await ctx.reply(`Members must: ${await describeGate(reader, binding.condition)}`);
 * // "Members must: holds at least 100 TKN"
 * ```
 */
export async function describeGate(reader: ChainReader, condition: Condition): Promise<string> {
  const known = new Map<Address, TokenMetadata>();
  await Promise.all(
    [...tokensOf(condition)].map(async (token) => {
      const metadata = await reader.metadata(token).catch(() => undefined);
      if (metadata) known.set(token, metadata);
    }),
  );
  return describeCondition(condition, (token) => known.get(token));
}

function tokensOf(condition: Condition): Set<Address> {
  switch (condition.kind) {
    case "all":
    case "any":
      return new Set(condition.conditions.flatMap((child) => [...tokensOf(child)]));
    default:
      return new Set([condition.token]);
  }
}
