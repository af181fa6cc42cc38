import type { Address } from "viem";
import { SwitchboardError } from "../../index.js";
import type { ChainReader } from "./chain-reader.js";
import type { Condition, Erc20BalanceCondition, Erc721OwnerCondition } from "./conditions.js";
import { formatAmount, formatTokenAmount, tokenName } from "./token-metadata.js";

/** Whether a holder qualifies and, when not, why, in words a group member can act on. */
export interface CheckResult {
  ok: boolean;
  /** Empty when `ok`. */
  reasons: string[];
}

const QUALIFIED: CheckResult = { ok: true, reasons: [] };

/**
 * Checks `holder` against `condition` on the chain `reader` reads. Every branch of a group is
 * read (in parallel), so the reasons list everything missing, not just the first thing.
 * Throws {@link SwitchboardError} when the chain cannot be read: "don't know" is never "no".
 *
 * @example
 * ```ts
 * const result = await checkCondition(createChainReader(rpcUrl), member, condition);
 * if (!result.ok) await ctx.reply(`Not yet: ${result.reasons.join("; ")}`);
 * // "Not yet: needs at least 100 TKN (has 5)"
 * ```
 */
export async function checkCondition(
  reader: ChainReader,
  holder: Address,
  condition: Condition,
): Promise<CheckResult> {
  switch (condition.kind) {
    case "erc20-balance":
      return checkErc20Balance(reader, holder, condition);
    case "erc721-owner":
      return checkErc721Owner(reader, holder, condition);
    case "all": {
      const results = await Promise.all(
        condition.conditions.map((child) => checkCondition(reader, holder, child)),
      );
      return {
        ok: results.every((result) => result.ok),
        reasons: results.flatMap((result) => result.reasons),
      };
    }
    case "any": {
      const results = await Promise.all(
        condition.conditions.map((child) => checkCondition(reader, holder, child)),
      );
      if (results.some((result) => result.ok)) return QUALIFIED;
      const alternatives = results.map((result) => result.reasons.join(" and "));
      return { ok: false, reasons: [`either ${alternatives.join(", or ")}`] };
    }
  }
}

async function checkErc20Balance(
  reader: ChainReader,
  holder: Address,
  condition: Erc20BalanceCondition,
): Promise<CheckResult> {
  await assertChain(reader, condition.chainId);
  const min = BigInt(condition.min);
  const balance = await reader.balanceOf(condition.token, holder);
  if (balance >= min) return QUALIFIED;
  // Metadata only shapes the message, so it is read only when there is one to write.
  const metadata = await reader.metadata(condition.token);
  const needed = formatTokenAmount(min, condition.token, metadata);
  return {
    ok: false,
    reasons: [`needs at least ${needed} (has ${formatAmount(balance, metadata)})`],
  };
}

async function checkErc721Owner(
  reader: ChainReader,
  holder: Address,
  condition: Erc721OwnerCondition,
): Promise<CheckResult> {
  await assertChain(reader, condition.chainId);
  if (condition.tokenId === undefined) {
    if ((await reader.balanceOf(condition.token, holder)) > 0n) return QUALIFIED;
    const name = tokenName(condition.token, await reader.metadata(condition.token));
    return { ok: false, reasons: [`needs to own a ${name} token (owns none)`] };
  }
  const owner = await reader.ownerOf(condition.token, BigInt(condition.tokenId));
  if (owner !== undefined && owner.toLowerCase() === holder.toLowerCase()) return QUALIFIED;
  const name = tokenName(condition.token, await reader.metadata(condition.token));
  const now = owner === undefined ? "it does not exist" : `held by ${owner}`;
  return { ok: false, reasons: [`needs to own ${name} #${condition.tokenId} (${now})`] };
}

async function assertChain(reader: ChainReader, chainId: number | undefined): Promise<void> {
  if (chainId === undefined) return;
  const actual = await reader.chainId();
  if (actual !== chainId) {
    throw new SwitchboardError(
      "SB_ERR_TOKEN_GATE_WRONG_CHAIN",
      `the condition is for chain ${chainId}, but the RPC endpoint serves chain ${actual}`,
    );
  }
}

/**
 * Checks an inbox, which may hold several wallets: it qualifies when any of them does. When
 * none does, the reasons are the first wallet's, the address the member is known by.
 *
 * @example
 * ```ts
 * const result = await checkHolders(reader, member.addresses, condition);
 * ```
 */
export async function checkHolders(
  reader: ChainReader,
  holders: readonly Address[],
  condition: Condition,
): Promise<CheckResult> {
  let first: CheckResult | undefined;
  // One wallet after another: most inboxes have one, and the first that qualifies settles it.
  for (const holder of holders) {
    const result = await checkCondition(reader, holder, condition);
    if (result.ok) return result;
    first ??= result;
  }
  return first ?? { ok: false, reasons: ["has no Ethereum address to check"] };
}
