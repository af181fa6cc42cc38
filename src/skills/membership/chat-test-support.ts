import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { type TestAgent, TestUser } from "../../testing/index.js";

/** The people of a group end-to-end test and the group's bot; see {@link startGroupCast}. */
export interface GroupCast {
  bot: TestAgent;
  /** Created the group: its super admin. */
  alice: TestUser;
  bob: TestUser;
  carol: TestUser;
  /** Not in the group. */
  dave: TestUser;
  /** The group as alice, bob or carol sees it. */
  groupOf(user: TestUser): Conversation;
  stop(): Promise<void>;
}

/**
 * Starts the bot beside alice, bob, carol and dave; alice creates a group with the bot, bob and
 * carol, and dave stays out of it. Test support for the polls and assistant end-to-end tests.
 *
 * @example
 * const cast = await startGroupCast(TestAgent.start({ name: "pollbot", skills: [polls()] }));
 * await cast.alice.ask(cast.groupOf(cast.alice), "/help");
 * await cast.stop();
 */
export async function startGroupCast(startBot: Promise<TestAgent>): Promise<GroupCast> {
  const [bot, alice, bob, carol, dave] = await Promise.all([
    startBot,
    ...["alice", "bob", "carol", "dave"].map((name) => TestUser.create({ name })),
  ]);
  const group = await alice!.createGroup([bot.address, bob!.address, carol!.address]);
  const groups = new Map<TestUser, Conversation>([[alice!, group]]);
  for (const user of [bob!, carol!]) groups.set(user, await user.conversation(group.id));
  return {
    bot,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    dave: dave!,
    groupOf: (user) => groups.get(user)!,
    stop: async () => {
      await Promise.all([bot, alice!, bob!, carol!, dave!].map((member) => member.stop()));
    },
  };
}

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
