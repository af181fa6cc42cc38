import type { Address } from "viem";
import { chainProblem } from "./chain-problem.js";
import type { ChainReader } from "./chain-reader.js";
import { checkCondition } from "./check-condition.js";
import type { Condition } from "./conditions.js";
import type { GateGroup } from "./gate-group.js";

/** Who asks to join: their inbox, and the address their tokens are checked at. */
export interface JoinRequester {
  inboxId: string;
  /** `undefined` when the inbox has no Ethereum address (a passkey-only inbox). */
  address: Address | undefined;
}

/** How a join request ended; {@link joinReply} says it in words. */
export type JoinOutcome =
  | { kind: "added" }
  | { kind: "already-member" }
  | { kind: "agent-not-admin" }
  | { kind: "no-address" }
  | { kind: "not-qualified"; reasons: string[] }
  /** The chain could not answer; `problem` is what to tell the requester. */
  | { kind: "undecidable"; problem: string };

/**
 * Checks `requester` against the group's condition and adds them when they qualify. The
 * cheap refusals (already in, agent not admin) come before any chain read.
 *
 * @example
 * ```ts
 * const outcome = await joinGroup(reader, group, binding.condition, { inboxId, address });
 * await ctx.reply(joinReply(outcome, group.name));
 * ```
 */
export async function joinGroup(
  reader: ChainReader,
  group: GateGroup,
  condition: Condition,
  requester: JoinRequester,
): Promise<JoinOutcome> {
  await group.sync();
  if (await group.isMember(requester.inboxId)) return { kind: "already-member" };
  if (!(await group.agentIsAdmin())) return { kind: "agent-not-admin" };
  if (requester.address === undefined) return { kind: "no-address" };
  let result: Awaited<ReturnType<typeof checkCondition>>;
  try {
    result = await checkCondition(reader, requester.address, condition);
  } catch (error) {
    const problem = chainProblem(error);
    if (problem === undefined) throw error;
    return { kind: "undecidable", problem };
  }
  if (!result.ok) return { kind: "not-qualified", reasons: result.reasons };
  await group.add([requester.inboxId]);
  return { kind: "added" };
}

/**
 * The DM answer to a join request.
 *
 * @example
 * ```ts
 * joinReply({ kind: "not-qualified", reasons: ["needs at least 100 TKN (has 5)"] }, "TKN club");
 * // "You can't join TKN club yet: needs at least 100 TKN (has 5)."
 * ```
 */
export function joinReply(outcome: JoinOutcome, groupName: string): string {
  switch (outcome.kind) {
    case "added":
      return `Welcome! I added you to ${groupName}.`;
    case "already-member":
      return `You're already in ${groupName}.`;
    case "agent-not-admin":
      return `Sorry, I can't add you to ${groupName}: I'm not an admin there. Ask one of its admins to make me one.`;
    case "no-address":
      return `I can't check your tokens: your inbox has no Ethereum address.`;
    case "not-qualified":
      return `You can't join ${groupName} yet: ${outcome.reasons.join("; ")}.`;
    case "undecidable":
      return outcome.problem;
  }
}
