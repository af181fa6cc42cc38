import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { textOf } from "../../src/skills/membership/chat-test-support.js";
import type { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";

/** How many of the messages a user sent the agent struck. */
export interface StrikeCount {
  sent: number;
  struck: number;
  evaded: number;
  /** The agent's strike replies, by the index of the message they quote. */
  replies: Map<number, string>;
  /** Every answer of the agent, by the index of the message it quotes. */
  answers: Map<number, string[]>;
}

/**
 * Sends `texts` as `user` and counts the agent's strike replies ("⚠️ …", quoting the message
 * that earned them). The agent handles a conversation's messages in order and answers in
 * order, so once the last text's reply has arrived every earlier one has been decided: end
 * with a text that must be struck. A text with no strike reply counts as evaded; if the last
 * one is never struck, counting stops after `timeoutMs`. The caller prints the figures and
 * asserts on them.
 *
 * @example
 * const count = await sendAndCountStrikes(mallory, group, bot.inboxId, ["ca\u200Bsino"]);
 * console.log(`zero-width: sent ${count.sent}, struck ${count.struck}, evaded ${count.evaded}`);
 */
export async function sendAndCountStrikes(
  user: TestUser,
  conversation: Conversation,
  botInboxId: string,
  texts: readonly string[],
  timeoutMs = 60_000,
): Promise<StrikeCount> {
  const ids: string[] = [];
  for (const text of texts) ids.push(await conversation.sendText(text));
  const answers = () => {
    const found = new Map<number, string[]>();
    for (const message of user.log.messages) {
      const index = ids.indexOf(referenceOf(message) ?? "");
      const text = textOf(message);
      if (message.senderInboxId !== botInboxId || index < 0 || text === undefined) continue;
      found.set(index, [...(found.get(index) ?? []), text]);
    }
    return found;
  };
  const strikesIn = (found: Map<number, string[]>) =>
    new Map(
      [...found].flatMap(([index, texts]) => {
        const strike = texts.find((text) => text.startsWith("⚠️"));
        return strike ? [[index, strike] as const] : [];
      }),
    );
  await waitFor(() => strikesIn(answers()).has(ids.length - 1), { timeoutMs }).catch(
    () => undefined,
  );
  const found = answers();
  const replies = strikesIn(found);
  return {
    sent: ids.length,
    struck: replies.size,
    evaded: ids.length - replies.size,
    replies,
    answers: found,
  };
}

function referenceOf(message: DecodedMessage): string | undefined {
  const reference = (message.content as { referenceId?: unknown } | undefined)?.referenceId;
  return typeof reference === "string" ? reference : undefined;
}
