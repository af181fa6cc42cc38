import {
  type Client,
  type Conversation,
  type DecodedMessage,
  isGroupUpdated,
} from "@xmtp/node-sdk";
import type { HandledLedger } from "./handled-ledger.js";

export interface MissedWork {
  /** Conversations that appeared while the agent was not streaming. */
  conversations: Conversation[];
  /** Unhandled messages, oldest first. */
  messages: DecodedMessage[];
}

/**
 * How far before a conversation's cursor a catch-up looks again. The cursor is the newest
 * handled message, but a message the stream skipped can sit just behind it; handled ones are
 * filtered out by id, so looking back costs a store read per message in the window.
 */
export const CATCH_UP_LOOKBACK_NS = 10n * 60n * 1_000_000_000n;

/**
 * The update a member's client records on joining, listing the member among the added: for
 * the agent, the `conversation` event already reports it, so catch-ups never replay it.
 */
export function isOwnJoin(message: DecodedMessage, inboxId: string): boolean {
  return (
    isGroupUpdated(message) &&
    message.content!.addedInboxes.some((added) => added.inboxId === inboxId)
  );
}

/**
 * Whether the agent has already sent something of its own (not a membership change) in the
 * conversation: then it has seen the conversation before, whatever its store says.
 */
export async function hasSpokenIn(conversation: Conversation, inboxId: string): Promise<boolean> {
  const messages = await conversation.messages();
  return messages.some((message) => message.senderInboxId === inboxId && !isGroupUpdated(message));
}

/**
 * Finds what arrived while the agent was down or its streams were broken: after a full sync,
 * every conversation's unhandled messages since a while before its cursor (the last handled
 * message), or since the agent first ran for a conversation it has never handled anything in.
 */
export async function findMissedWork(
  client: Client,
  ledger: HandledLedger,
  isHandled: (messageId: string) => Promise<boolean>,
  sinceNs: bigint,
  lookbackNs = CATCH_UP_LOOKBACK_NS,
): Promise<MissedWork> {
  await client.conversations.syncAll();
  const conversations = await client.conversations.list();
  const missed: MissedWork = { conversations: [], messages: [] };
  for (const conversation of conversations) {
    const cursor = await ledger.cursor(conversation.id);
    if (cursor === undefined && conversation.createdAtNs > sinceNs)
      missed.conversations.push(conversation);
    const lookedBack = cursor === undefined ? sinceNs : cursor - lookbackNs;
    // Never before the agent first ran: that history is not its to answer.
    const from = lookedBack > sinceNs ? lookedBack : sinceNs;
    // One ns earlier: messages sent in the same ns as `from` are wanted too.
    const after = from - 1n;
    for (const message of await conversation.messages({ sentAfterNs: after })) {
      if (message.senderInboxId === client.inboxId || isOwnJoin(message, client.inboxId)) continue;
      if (!(await isHandled(message.id))) missed.messages.push(message);
    }
  }
  missed.messages.sort((a, b) => (a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0));
  return missed;
}
