import type { Context } from "../../index.js";
import { parseCommandLine } from "../../index.js";

/** How a group message can name the agent. */
export interface AddressOptions {
  /** Handles that mention the agent in groups, matched as `@handle`, case-insensitively. */
  names: readonly string[];
  /** The command prefix: text that is a command goes to the command, not to the model. */
  prefix: string;
}

/**
 * The request text when a message is addressed to the agent in plain words: any DM text that
 * is not a command; in a group, text mentioning one of the agent's handles (or its address),
 * or a reply to one of the agent's own messages. Undefined otherwise.
 *
 * @example
 * const request = addressedText(ctx, { names: ["pollbot"], prefix: "/" });
 * if (request !== undefined) await answer(ctx, request);
 */
export function addressedText(ctx: Context, options: AddressOptions): string | undefined {
  const text = ctx.text?.trim();
  if (!text || isCommand(text, options.prefix)) return undefined;
  if (ctx.isDm() || repliesToAgent(ctx)) return text;
  const handles = [...options.names, agentAddress(ctx)].filter(Boolean) as string[];
  return handles.some((handle) => mentions(text, handle)) ? text : undefined;
}

function isCommand(text: string, prefix: string): boolean {
  try {
    return parseCommandLine(text, { prefix }) !== undefined;
  } catch {
    // An unterminated quote is still a command attempt; the router answers it.
    return true;
  }
}

function repliesToAgent(ctx: Context): boolean {
  if (!ctx.is("reply")) return false;
  // The SDK enriches a reply with the message it quotes when it has it; else look it up.
  const quoted =
    ctx.content.inReplyTo ?? ctx.client.conversations.getMessageById(ctx.content.referenceId);
  return quoted?.senderInboxId === ctx.agentInboxId;
}

function agentAddress(ctx: Context): string | undefined {
  return ctx.client.accountIdentifier?.identifier;
}

function mentions(text: string, handle: string): boolean {
  const name = handle.replace(/^@/, "").toLowerCase();
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w@])@${escaped}(?![\\w-])`, "i").test(text);
}
