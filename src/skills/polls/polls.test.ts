import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definition as pollbot } from "../../../agents/pollbot.js";
import { TestAgent, type TestUser, waitFor } from "../../testing/index.js";
import { type GroupCast, startGroupCast, textOf } from "../membership/chat-test-support.js";

/** The text of a text, markdown or reply message; "" for other content. */
const textIn = (message: DecodedMessage) => textOf(message) ?? "";

describe("polls skill end to end on the devnode", () => {
  let cast: GroupCast | undefined;
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let groupOf: (user: TestUser) => Conversation;

  beforeAll(async () => {
    cast = await startGroupCast(TestAgent.start(pollbot()));
    ({ bot, alice, bob, carol, dave, groupOf } = cast);
  });

  afterAll(async () => {
    await cast?.stop();
  });

  /** Sends `text` to the group and resolves with the bot's first answer matching `where`. */
  async function ask(user: TestUser, text: string, where: (text: string) => boolean = () => true) {
    const answer = await user.ask(groupOf(user), text, {
      where: (m) => m.senderInboxId === bot.inboxId && where(textIn(m)),
    });
    return textIn(answer);
  }

  /**
   * Group members' streams lag one another, so a member may still receive an answer meant for
   * someone else after sending: each ask names the answer it waits for.
   */
  const isTally = (text: string) => text.startsWith("📊");

  /** Starts a poll; resolves with its actions id and number. */
  async function startPoll(user: TestUser, command: string) {
    const actions = await user.ask(groupOf(user), command, { type: "actions" });
    const content = actions.content as { id: string; description: string };
    const number = Number(/Poll #(\d+)/.exec(content.description)?.[1]);
    expect(number).toBeGreaterThan(0);
    return { id: content.id, number, description: content.description };
  }

  /** The outcomes of every vote the bot has logged, in order. */
  const votes = () =>
    bot.logLines
      .map((line) => JSON.parse(line) as { msg?: string; poll?: number; outcome?: string })
      .filter((entry) => entry.msg === "vote");

  async function waitForVotes(count: number) {
    return waitFor(() => votes().length >= count && votes(), {
      description: `${count} votes handled`,
    });
  }

  /** Waits for the bot's next message in the group matching `where`, seen by alice. */
  async function nextFromBot(after: number, where: (text: string) => boolean) {
    const message = await alice.waitForMessage({
      conversationId: groupOf(alice).id,
      from: bot.inboxId,
      after,
      where: (m) => where(textIn(m)),
    });
    return { text: textIn(message), sentAtNs: message.sentAtNs };
  }

  let lunch: { id: string; number: number };

  it("answers bad /poll and /pollfor arguments with the problem and the usage", async () => {
    const tooFew = await ask(bob, '/poll "Lunch?" pizza');
    expect(tooFew).toContain("<option>: expected at least 2, got 1");
    expect(tooFew).toContain("Usage: /poll <question> <option>...");

    const tooMany = await ask(bob, `/poll "Q?" ${"abcdefghijk".split("").join(" ")}`);
    expect(tooMany).toContain("<option>: expected at most 10, got 11");

    const duplicate = await ask(bob, '/poll "Lunch?" pizza sushi Pizza');
    expect(duplicate).toContain('Each option must be different: "Pizza" is listed twice.');
    expect(duplicate).toContain("Usage: /poll <question> <option>...");

    const badDuration = await ask(bob, '/pollfor soon "Lunch?" pizza sushi');
    expect(badDuration).toContain("<duration>: expected a duration like 30s");
    expect(badDuration).toContain("Usage: /pollfor <duration> <question> <option>...");

    const help = await ask(bob, "/help polls");
    expect(help).toContain("`/pollfor <duration> <question> <option>...`");
    expect(help).toContain('e.g. `/pollfor 10m "Ship it?" yes no`');

    // None of these created a poll.
    expect(await ask(bob, "/results")).toMatch(/^No polls here yet/);
  });

  it("counts each member's vote once and moves a vote to another option", async () => {
    const poll = await startPoll(bob, '/poll "Lunch?" pizza sushi tacos');
    lunch = poll;
    expect(poll.description).toContain("Lunch?");
    expect(poll.description).toContain("open until /close");

    await alice.tapAction(groupOf(alice), poll.id, "0");
    await bob.tapAction(groupOf(bob), poll.id, "0");
    await bob.tapAction(groupOf(bob), poll.id, "0");
    await carol.tapAction(groupOf(carol), poll.id, "1");
    await carol.tapAction(groupOf(carol), poll.id, "2");
    const outcomes = (await waitForVotes(5)).map((vote) => vote.outcome).sort();
    expect(outcomes).toEqual(["counted", "counted", "counted", "moved", "unchanged"]);

    const results = await ask(alice, "/results", isTally);
    expect(results).toContain(`**Lunch?** · poll #${poll.number} · open`);
    expect(results).toContain("**pizza**: 2 votes (67%)");
    expect(results).toContain("**sushi**: 0 votes (0%)");
    expect(results).toContain("**tacos**: 1 vote (33%)");
    expect(results).toContain("`███████░░░`");
    expect(results).toMatch(/3 voters$/);
  });

  it("ignores a tap on the poll's buttons sent from another conversation", async () => {
    const dm = await dave.dmWith(bot.address);
    await dave.tapAction(dm, lunch.id, "1");
    await waitFor(
      () => bot.logLines.some((line) => line.includes('"reason":"wrong-conversation"')),
      { description: "the outsider's tap refused" },
    );
    // The bot's first answer to dave after his tap is to this command: the tap got no reply.
    const answer = await dave.ask(dm, "/results");
    expect(textOf(answer)).toMatch(/^No polls here yet/);
    const results = await ask(alice, `/results ${lunch.number}`, isTally);
    expect(results).toContain("**sushi**: 0 votes (0%)");
    expect(results).toMatch(/3 voters$/);
  });

  it("closes a /pollfor poll on expiry and posts its results", async () => {
    const after = alice.mark();
    const poll = await startPoll(carol, '/pollfor 2s "Coffee?" yes no');
    expect(poll.description).toContain("closes in 2 seconds");
    await alice.tapAction(groupOf(alice), poll.id, "0");
    const closed = await nextFromBot(after, (text) => text.includes("Time's up"));
    expect(closed.text).toContain(`**Coffee?** · poll #${poll.number} · closed`);
    expect(closed.text).toContain("**yes** 🏆: 1 vote (100%)");
    expect(closed.text).toMatch(/1 voter$/);
    // The buttons expired with the poll.
    const tapped = alice.mark();
    await bob.tapAction(groupOf(bob), poll.id, "1");
    await nextFromBot(tapped, (text) => text === "That button has expired.");
  });

  it("keeps polls and votes across a restart, and closes polls that expired meanwhile", async () => {
    const poll = await startPoll(bob, '/pollfor 5s "Dinner?" pasta curry');
    const closesAt = Date.now() + 5_000;
    const handled = votes().length;
    await carol.tapAction(groupOf(carol), poll.id, "1");
    await waitForVotes(handled + 1);
    await bot.stop();
    // Only meaningful if the poll was still open when the agent stopped.
    expect(Date.now()).toBeLessThan(closesAt);
    await waitFor(() => Date.now() > closesAt + 500, { description: "the poll's expiry" });

    const after = alice.mark();
    const restartedAtNs = BigInt(Date.now()) * 1_000_000n;
    await bot.restart();
    const closed = await nextFromBot(after, (text) => text.includes("**Dinner?**"));
    expect(closed.sentAtNs).toBeGreaterThan(restartedAtNs);
    expect(closed.text).toContain("Time's up");
    expect(closed.text).toContain("**curry** 🏆: 1 vote (100%)");

    const results = await ask(alice, `/results ${lunch.number}`, isTally);
    expect(results).toContain("**pizza**: 2 votes (67%)");
    expect(results).toContain("**tacos**: 1 vote (33%)");

    // The buttons sent before the restart still work.
    await carol.tapAction(groupOf(carol), lunch.id, "0");
    await waitFor(
      () => votes().at(-1)?.outcome === "moved" && votes().at(-1)?.poll === lunch.number,
      {
        description: "carol's vote moved after the restart",
      },
    );
    expect(await ask(alice, `/results ${lunch.number}`, isTally)).toContain(
      "**pizza**: 3 votes (100%)",
    );
  }, 120_000);

  it("lets only the creator or a group admin close a poll; later taps are refused", async () => {
    const refused = await ask(carol, `/close ${lunch.number}`, (text) => text.startsWith("Only"));
    expect(refused).toBe(
      `Only the poll's creator or a group admin can close poll #${lunch.number}.`,
    );

    const closed = await ask(bob, `/close ${lunch.number}`, (text) => text.includes("Poll closed"));
    expect(closed).toContain(`**Lunch?** · poll #${lunch.number} · closed`);
    expect(closed).toContain("**pizza** 🏆: 3 votes (100%)");

    const tapped = alice.mark();
    await alice.tapAction(groupOf(alice), lunch.id, "1");
    await nextFromBot(tapped, (text) => text === "This poll is closed.");
    expect(await ask(bob, `/close ${lunch.number}`, (text) => text.startsWith("Poll #"))).toContain(
      "is already closed",
    );
    expect(await ask(alice, `/results ${lunch.number}`, isTally)).toContain(
      "**sushi**: 0 votes (0%)",
    );

    // Alice, the group's admin, closes carol's poll (the latest one by default).
    const tea = await startPoll(carol, '/poll "Tea?" green black');
    const byAdmin = await ask(alice, "/close", (text) => text.includes("Poll closed"));
    expect(byAdmin).toContain(`**Tea?** · poll #${tea.number} · closed`);
  });
});
