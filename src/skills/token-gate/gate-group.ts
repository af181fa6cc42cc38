import type { Address } from "viem";
import { type Context, IdentifierKind } from "../../index.js";

/** A member as the gate sees one. */
export interface GateMember {
  inboxId: string;
  /** The inbox's Ethereum addresses; the gate checks them all. */
  addresses: Address[];
  /** Admins, super admins and the agent itself are never checked nor removed. */
  exempt: boolean;
}

/**
 * Everything the token gate does to a group, and nothing more: a narrow seam, so that joining
 * and rechecking are tested with fakes as well as end to end.
 */
export interface GateGroup {
  readonly id: string;
  /** The group's name, or a stand-in made from its id. */
  readonly name: string;
  /** Fetches the group's latest membership and permissions from the network. */
  sync(): Promise<void>;
  members(): Promise<GateMember[]>;
  isMember(inboxId: string): Promise<boolean>;
  /** Whether the agent may add and remove members. */
  agentIsAdmin(): Promise<boolean>;
  send(text: string): Promise<void>;
  add(inboxIds: string[]): Promise<void>;
  remove(inboxIds: string[]): Promise<void>;
}

/**
 * The {@link GateGroup} behind a skill context for a group (`services.contextFor(groupId)`),
 * or `undefined` when the conversation is not a group the agent is still in.
 *
 * @example
 * ```ts
 * const group = gateGroupOf(await services.contextFor(groupId));
 * if (group && (await group.agentIsAdmin())) await group.add([inboxId]);
 * ```
 */
export function gateGroupOf(ctx: Context | undefined): GateGroup | undefined {
  if (!ctx?.isGroup() || !ctx.conversation.isActive) return undefined;
  const group = ctx.conversation;
  const exempt = async (inboxId: string) =>
    inboxId === ctx.agentInboxId || (await ctx.isAdmin(inboxId));
  return {
    id: group.id,
    name: group.name.trim() || `group ${group.id.slice(0, 8)}`,
    sync: async () => {
      await group.sync();
    },
    members: async () =>
      Promise.all(
        (await group.members()).map(async (member) => ({
          inboxId: member.inboxId,
          addresses: member.accountIdentifiers
            .filter((identifier) => identifier.identifierKind === IdentifierKind.Ethereum)
            .map((identifier) => identifier.identifier as Address),
          exempt: await exempt(member.inboxId),
        })),
      ),
    isMember: async (inboxId) =>
      (await group.members()).some((member) => member.inboxId === inboxId),
    agentIsAdmin: () => ctx.isAdmin(ctx.agentInboxId),
    send: (text) => ctx.send(text),
    add: (inboxIds) => ctx.addMembers(inboxIds),
    remove: (inboxIds) => ctx.removeMembers(inboxIds),
  };
}
