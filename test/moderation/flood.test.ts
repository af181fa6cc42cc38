import type { Group } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askBot } from "../../src/skills/membership/chat-test-support.js";
import { moderation } from "../../src/skills/moderation/moderation.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { sendAndCountStrikes } from "./strike-count.js";

const LIMIT = 5;
const FLOOD = 40;
const isSlowDown = (text: string) => /^Slow down — try again in \d+ s\.$/.test(text);

describe("flooding does not switch moderation off, with real clients on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let mallory: TestUser;
  let bob: TestUser;
  let group: Group;

  beforeAll(async () => {
    [bot, alice, mallory, bob] = await Promise.all([
      TestAgent.start({
        skills: [moderation({ strikeLimit: 100, rules: [{ type: "word", words: ["casino"] }] })],
        // The built-in inbound limit, as configured in production; the window outlasts the test.
        env: { SWITCHBOARD_RATE_LIMIT_SENDER: `${LIMIT}/300s` },
      }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "mallory" }),
      TestUser.create({ name: "bob" }),
    ]);
    group = await alice.createGroup([bot.address, mallory.address, bob.address]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), mallory?.stop(), bob?.stop()]);
  });

  it("strikes the banned word after a flood of 40, and says slow down once", async () => {
    const malloryGroup = (await mallory.conversation(group.id)) as Group;
    // Half commands (addressed to the agent, so they count), half ordinary chat.
    const flood = Array.from({ length: FLOOD }, (_, i) => (i % 2 ? `chat ${i}` : "/rules"));
    const banned = ["play casino now", "/rules casino"];
    const count = await sendAndCountStrikes(mallory, malloryGroup, bot.inboxId, [
      ...flood,
      ...banned,
    ]);
    const answersTo = (from: number, to: number) =>
      [...count.answers].filter(([index]) => index >= from && index < to).flatMap(([, t]) => t);
    const floodAnswers = answersTo(0, FLOOD);
    const slowDowns = floodAnswers.filter(isSlowDown).length;
    const rulesAnswers = floodAnswers.filter((text) => text.startsWith("Rules (")).length;
    const chatAnswers = [...count.answers].filter(([index]) => index < FLOOD && index % 2).length;
    const bannedStruck = banned.filter((_, i) => count.replies.has(FLOOD + i)).length;
    console.log(
      `flood ${FLOOD} then banned word: sent ${count.sent}, commands answered ${rulesAnswers}, slow-down answers ${slowDowns}, chat answered ${chatAnswers}, banned struck ${bannedStruck}, evaded ${banned.length - bannedStruck}`,
    );
    expect(bannedStruck).toBe(banned.length);
    expect(rulesAnswers).toBe(LIMIT);
    expect(slowDowns).toBe(1);
    expect(chatAnswers).toBe(0);
    // The throttled command was struck, not run.
    expect(answersTo(FLOOD + 1, FLOOD + 2).some((text) => text.startsWith("Rules ("))).toBe(false);
    expect(count.struck).toBe(banned.length);
  });

  it("never limits nor answers ordinary group chat: a chatty member's command still works", async () => {
    const bobGroup = (await bob.conversation(group.id)) as Group;
    const after = bob.mark();
    for (let i = 0; i < 30; i++) await bobGroup.sendText(`just chatting ${i}`);
    const answer = await askBot(bob, bobGroup, bot.inboxId, "/rules");
    const botMessages = bob.log.messages
      .slice(after)
      .filter((message) => message.senderInboxId === bot.inboxId);
    console.log(
      `group chat 30 then /rules: bot messages ${botMessages.length}, answer "${answer.split("\n")[0]}"`,
    );
    expect(answer).toMatch(/^Rules \(100 strikes within 1 day and you are removed\):/);
    expect(botMessages).toHaveLength(1);
  });
});
