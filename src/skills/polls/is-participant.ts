import type { Context } from "../../index.js";

/** The parts of a context {@link isParticipant} reads. */
export type ParticipantView = Pick<Context, "senderInboxId" | "isDm" | "isGroup" | "conversation">;

/**
 * Whether the sender belongs to the conversation now: a current member of a group, or the
 * peer of a DM. The router already drops group intents from non-members; votes check again
 * because a skill must not rely on its position behind whatever middleware an agent runs.
 *
 * @example
 * if (!(await isParticipant(ctx))) return; // not theirs to vote on
 */
export async function isParticipant(ctx: ParticipantView): Promise<boolean> {
  const sender = ctx.senderInboxId;
  if (!sender) return false;
  if (ctx.isDm()) return ctx.conversation.peerInboxId === sender;
  if (ctx.isGroup()) {
    const members = await ctx.conversation.members();
    return members.some((member) => member.inboxId === sender);
  }
  return false;
}
