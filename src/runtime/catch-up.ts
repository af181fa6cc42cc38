import type { Client, Conversation, DecodedMessage } from "@xmtp/node-sdk";
import type { HandledLedger } from "./handled-ledger.js";

export interface MissedWork {
  /** Conversations that appeared while the agent was not streaming. */
  conversations: Conversation[];
  /** Unhandled messages, oldest first. */
  messages: DecodedMessage[];
}

/**
 * Finds what arrived while the agent was down or its streams were broken: after a full sync,
 * every conversation's messages since its cursor (the last handled message), or since the
 * agent first ran for a conversation it has never handled anything in.
 */
export async function findMissedWork(
  client: Client,
  ledger: HandledLedger,
  sinceNs: bigint,
): Promise<MissedWork> {
  await client.conversations.syncAll();
  const conversations = await client.conversations.list();
  const missed: MissedWork = { conversations: [], messages: [] };
  for (const conversation of conversations) {
    const cursor = await ledger.cursor(conversation.id);
    if (cursor === undefined && conversation.createdAtNs > sinceNs)
      missed.conversations.push(conversation);
    // Start one ns before the cursor: messages sent in the same ns as it are filtered by id.
    const after = (cursor ?? sinceNs) - 1n;
    for (const message of await conversation.messages({ sentAfterNs: after })) {
      if (message.senderInboxId === client.inboxId) continue;
      if (!(await ledger.isHandled(message.id))) missed.messages.push(message);
    }
  }
  missed.messages.sort((a, b) => (a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0));
  return missed;
}
