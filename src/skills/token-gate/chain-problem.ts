import { isSwitchboardError } from "../../index.js";

/** What a user hears when the RPC endpoint is down: never "you don't qualify". */
export const CANT_CHECK_CHAIN = "I can't check the chain right now, try later.";

/**
 * The chat answer for an error that means "the gate cannot decide" (RPC down, not a token,
 * wrong chain), or `undefined` for any other error, which the caller rethrows.
 *
 * @example
 * ```ts
 * try { await checkCondition(reader, address, condition); } catch (error) {
 *   const problem = chainProblem(error);
 *   if (!problem) throw error;
 *   await ctx.reply(problem);
 * }
 * ```
 */
export function chainProblem(error: unknown): string | undefined {
  if (isSwitchboardError(error, "SB_ERR_TOKEN_GATE_RPC")) return CANT_CHECK_CHAIN;
  if (
    isSwitchboardError(error, "SB_ERR_TOKEN_GATE_NOT_A_TOKEN") ||
    isSwitchboardError(error, "SB_ERR_TOKEN_GATE_WRONG_CHAIN")
  ) {
    return `I can't check this gate: ${error.message}`;
  }
  return undefined;
}
