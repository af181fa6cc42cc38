import type { Context } from "../../src/runtime/context.js";
import { mentionsAgent, startsWithCommand } from "../filters/content-filters.js";

/**
 * Whether a message asks something of the agent: any message in a DM, a tap on its buttons
 * (an intent), a command (`/name ...`), a text that mentions the agent's address, or a quoted
 * reply to one of the agent's messages. Ordinary group chat is not: the agent only watches it.
 * Group updates and read receipts never are.
 *
 * @example
 * if (ctx.throttled && isAddressedToAgent(ctx)) await ctx.reply("Slow down");
 */
export function isAddressedToAgent(ctx: Context, prefix = "/"): boolean {
  if (ctx.message === undefined || ctx.is("group_updated", "read-receipt")) return false;
  if (ctx.isDm() || ctx.is("intent")) return true;
  return startsWithCommand(prefix)(ctx) || mentionsAgent()(ctx) || repliesToAgent(ctx);
}

function repliesToAgent(ctx: Context): boolean {
  return ctx.is("reply") && ctx.content.inReplyTo?.senderInboxId === ctx.agentInboxId;
}
