import type { DecodedMessage, SortDirection } from "@xmtp/node-sdk";
import type { Context } from "../../index.js";

/** A past message as the model reads it. */
export type MemoryMessage = { role: "user" | "assistant"; content: string };

/** How much of the conversation the model is shown. */
export interface MemoryLimits {
  /** At most this many earlier messages. */
  messages: number;
  /** And at most this many characters of them, newest kept first. */
  chars: number;
}

const DESCENDING = 1 as SortDirection.Descending;

/**
 * The conversation's recent history, read from XMTP itself (the agent's local copy of the
 * conversation), oldest first, ending before the message being answered: the agent's own
 * messages as the assistant's turns, everyone else's as the user's, named by sender in groups.
 * Nothing is stored for it: the conversation is the memory.
 *
 * @example
 * const history = await conversationMemory(ctx, { messages: 20, chars: 8_000 });
 */
export async function conversationMemory(
  ctx: Context,
  limits: MemoryLimits,
): Promise<MemoryMessage[]> {
  const current = ctx.message;
  if (!current || limits.messages <= 0) return [];
  const earlier = await ctx.conversation.messages({
    sentBeforeNs: current.sentAtNs,
    limit: limits.messages,
    direction: DESCENDING,
  });
  const memory: MemoryMessage[] = [];
  let chars = 0;
  for (const message of earlier) {
    const entry = asMemory(message, ctx.agentInboxId, ctx.isGroup());
    if (!entry) continue;
    chars += entry.content.length;
    if (chars > limits.chars) break;
    memory.push(entry);
  }
  return memory.reverse();
}

function asMemory(
  message: DecodedMessage,
  agentInboxId: string,
  inGroup: boolean,
): MemoryMessage | undefined {
  const text = textOf(message);
  if (text === undefined || text.trim() === "") return undefined;
  if (message.senderInboxId === agentInboxId) return { role: "assistant", content: text };
  const content = inGroup ? `[${message.senderInboxId.slice(0, 8)}] ${text}` : text;
  return { role: "user", content };
}

/** Text, markdown, a reply's text, or the description of a set of buttons. */
function textOf(message: DecodedMessage): string | undefined {
  const content: unknown = message.content;
  switch (message.contentType?.typeId) {
    case "text":
    case "markdown":
      return typeof content === "string" ? content : undefined;
    case "reply": {
      const inner = (content as { content?: unknown } | undefined)?.content;
      return typeof inner === "string" ? inner : undefined;
    }
    case "actions": {
      const description = (content as { description?: unknown } | undefined)?.description;
      return typeof description === "string" ? `[buttons] ${description}` : undefined;
    }
    default:
      return undefined;
  }
}
