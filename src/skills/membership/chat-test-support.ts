import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import type { TestUser } from "../../testing/index.js";

/** The text of a text, markdown or reply message; undefined for other content. */
export function textOf(message: DecodedMessage): string | undefined {
  const content: unknown = message.content;
  if (typeof content === "string") return content;
  const inner = (content as { content?: unknown } | undefined)?.content;
  return typeof inner === "string" ? inner : undefined;
}

/**
 * Sends `text` as `user` and resolves with the text of the bot's answer: its quoted reply to
 * that message or, with `pattern`, the first bot message sent after it that matches (for
 * answers the bot posts without quoting). A group's other traffic, or an older bot message
 * that reaches this user late, is never mistaken for the answer. Test support for the
 * moderation and membership end-to-end tests.
 *
 * @example
 * expect(await askBot(alice, group, bot.inboxId, "/rules")).toMatch(/no rules/);
 */
export async function askBot(
  user: TestUser,
  conversation: Conversation,
  botInboxId: string,
  text: string,
  pattern?: RegExp,
): Promise<string> {
  const id = await conversation.sendText(text);
  const sentAtNs = user.client.conversations.getMessageById(id)?.sentAtNs ?? 0n;
  const answer = await user.waitForMessage(
    {
      conversationId: conversation.id,
      where: (message) =>
        botText(botInboxId, pattern)(message) &&
        (pattern ? message.sentAtNs > sentAtNs : repliesTo(message, id)),
    },
    { description: `${user.name}: the answer to "${text.slice(0, 60)}"` },
  );
  return textOf(answer)!;
}

const repliesTo = (message: DecodedMessage, id: string) =>
  (message.content as { referenceId?: unknown } | undefined)?.referenceId === id;

/** Waits for a bot message matching `pattern` recorded after log position `after`. */
export async function waitForBotText(
  user: TestUser,
  conversation: Conversation,
  botInboxId: string,
  pattern: RegExp,
  after = 0,
): Promise<string> {
  const message = await user.waitForMessage({
    conversationId: conversation.id,
    after,
    where: botText(botInboxId, pattern),
  });
  return textOf(message)!;
}

const botText = (botInboxId: string, pattern?: RegExp) => (message: DecodedMessage) => {
  const text = textOf(message);
  return (
    message.senderInboxId === botInboxId && text !== undefined && (pattern?.test(text) ?? true)
  );
};
