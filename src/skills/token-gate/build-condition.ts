import { parseUnits, zeroAddress } from "viem";
import { SwitchboardError } from "../../index.js";
import type { ChainReader } from "./chain-reader.js";
import { checkCondition } from "./check-condition.js";
import {
  type Condition,
  parseCondition,
  parseConditionJson,
  withDefaultChain,
} from "./conditions.js";
import type { GateRequest } from "./gate-request.js";
import { tokenName } from "./token-metadata.js";

/** The `/gate` forms that bind a condition. */
export type BindRequest = Extract<GateRequest, { action: "set" | "erc20" | "erc721" }>;

/**
 * Turns a `/gate set`, `/gate erc20` or `/gate erc721` request into a condition, and reads it
 * once on the chain, so a mistyped address, a contract that is no token or an RPC endpoint on
 * another chain is refused now rather than discovered when someone asks to join.
 * `/gate erc20` amounts are whole tokens, converted with the token's `decimals()`.
 *
 * @throws {@link SwitchboardError} `SB_ERR_TOKEN_GATE_INVALID_CONDITION` for a condition that
 * does not validate, or one of the chain codes (`SB_ERR_TOKEN_GATE_RPC`...) from the read.
 * @example
 * ```ts
 * const condition = await buildCondition({ action: "erc20", token, amount: "100" }, reader, 8453);
 * // { kind: "erc20-balance", token, min: "100000000000000000000", chainId: 8453 }
 * ```
 */
export async function buildCondition(
  request: BindRequest,
  reader: ChainReader,
  chainId: number | undefined,
): Promise<Condition> {
  const condition = withDefaultChain(await conditionOf(request, reader), chainId);
  await checkCondition(reader, zeroAddress, condition);
  return condition;
}

async function conditionOf(request: BindRequest, reader: ChainReader): Promise<Condition> {
  switch (request.action) {
    case "set":
      return parseConditionJson(request.json);
    case "erc721":
      return parseCondition({
        kind: "erc721-owner",
        token: request.token,
        tokenId: request.tokenId,
      });
    case "erc20": {
      const metadata = await reader.metadata(request.token);
      const decimals = metadata.decimals ?? 0;
      const fraction = request.amount.split(".")[1] ?? "";
      if (fraction.length > decimals) {
        throw new SwitchboardError(
          "SB_ERR_TOKEN_GATE_INVALID_CONDITION",
          metadata.decimals === undefined
            ? `${tokenName(request.token, metadata)} has no decimals(), so give the minimum in base units: a whole number`
            : `${tokenName(request.token, metadata)} has ${decimals} decimals, so ${request.amount} is too precise`,
        );
      }
      const min = parseUnits(request.amount, decimals).toString();
      return parseCondition({ kind: "erc20-balance", token: request.token, min });
    }
  }
}
