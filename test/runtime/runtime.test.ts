import { encodeText } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../src/commands/define-command.js";
import type { Context } from "../../src/runtime/context.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";
import { ReactionAction, ReactionSchema } from "../../src/xmtp/enums.js";

/** What the probe skill saw, in order. */
const seen: Array<{ event: string; detail: string; conversationId: string }> = [];
const record = (ctx: Context, detail = "") =>
  seen.push({ event: ctx.event, detail, conversationId: ctx.conversation.id });

const add = defineCommand({
  name: "add",
  description: "Adds two numbers",
  args: [z.coerce.number().describe("a"), z.coerce.number().describe("b")],
});
const vote = defineCommand({ name: "vote", description: "Shows buttons" });
const crash = defineCommand({ name: "crash", description: "Always fails" });

const probe = defineSkill({
  name: "probe",
  description: "Records every event",
  setup(skill) {
    skill.on("text", (ctx) => record(ctx, ctx.content));
    skill.on("markdown", (ctx) => record(ctx, ctx.content));
    skill.on("reply", (ctx) => record(ctx, ctx.text ?? ""));
    skill.on("reaction", (ctx) => record(ctx, ctx.content.content));
    skill.on("conversation", (ctx) => record(ctx, ctx.isGroup() ? "group" : "dm"));
    skill.on("member-added", (ctx, change) => record(ctx, `added:${change.inboxIds.join(",")}`));
    skill.on("metadata-changed", (ctx, change) =>
      record(ctx, `meta:${change.fields.map((f) => f.newValue).join(",")}`),
    );
    skill.command(add, ([a, b], ctx) => ctx.reply(`${a + b}`));
    skill.command(vote, async (_args, ctx) => {
      await ctx.sendActions({
        description: "Pick one",
        handler: "pick",
        data: { topic: "colours" },
        actions: [
          { id: "red", label: "Red" },
          { id: "blue", label: "Blue" },
        ],
      });
    });
    skill.action(
      "pick",
      async (ctx, tap) => {
        record(ctx, `${tap.actionId}:${JSON.stringify(tap.data)}:${tap.metadata?.note ?? ""}`);
        await ctx.reply(`you picked ${tap.actionId}`);
      },
      { metadata: z.object({ note: z.string().max(100) }).optional() },
    );
    skill.command(crash, () => {
      throw new Error("deliberate failure");
    });
  },
});

/** A second skill that throws on every text: the agent and the probe must not notice. */
const faulty = defineSkill({
  name: "faulty",
  description: "Throws",
  setup(skill) {
    skill.on("text", () => {
      throw new Error("faulty skill");
    });
  },
});

describe("runtime end to end on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [bot, alice, bob] = await Promise.all([
      TestAgent.start({ skills: [faulty(), probe()] }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop()]);
  });

  const seenIn = (conversationId: string) =>
    seen.filter((s) => s.conversationId === conversationId);

  it("delivers a new DM as a conversation event, then text, markdown, reply and reaction", async () => {
    const dm = await alice.dmWith(bot.address);
    const reply = await alice.ask(dm, "/add 2 40");
    expect(reply.content).toMatchObject({ content: "42" });
    await dm.sendMarkdown("**bold**");
    await dm.sendReply({
      reference: reply.id,
      referenceInboxId: bot.inboxId,
      content: encodeText("thanks"),
    });
    await dm.sendReaction({
      reference: reply.id,
      referenceInboxId: bot.inboxId,
      action: ReactionAction.Added,
      schema: ReactionSchema.Unicode,
      content: "👍",
    });
    await waitFor(() => seenIn(dm.id).some((s) => s.event === "reaction"), {
      description: "the reaction",
    });
    expect(seenIn(dm.id).map((s) => `${s.event}:${s.detail}`)).toEqual([
      "conversation:dm",
      "text:/add 2 40",
      "markdown:**bold**",
      "reply:thanks",
      "reaction:👍",
    ]);
  });

  it("answers bad command arguments with the error and usage", async () => {
    const dm = await alice.dmWith(bot.address);
    const reply = await alice.ask(dm, "/add two 3");
    const text = (reply.content as { content: string }).content;
    expect(text).toContain("<a>");
    expect(text).toContain("Usage: /add <a> <b>");
  });

  it("routes a button tap (intent) back to the skill that sent the buttons", async () => {
    const dm = await alice.dmWith(bot.address);
    const actions = await alice.ask(dm, "/vote", { type: "actions" });
    const id = (actions.content as { id: string }).id;
    const after = alice.mark();
    await alice.tapAction(dm, id, "blue", { note: "sky" });
    const confirmation = await alice.waitForMessage({
      conversationId: dm.id,
      from: bot.inboxId,
      after,
    });
    expect((confirmation.content as { content: string }).content).toBe("you picked blue");
    expect(seenIn(dm.id).at(-1)?.detail).toBe('blue:{"topic":"colours"}:sky');
  });

  it("ignores taps on unknown buttons and with invalid metadata", async () => {
    const dm = await alice.dmWith(bot.address);
    const actions = await alice.ask(dm, "/vote", { type: "actions" });
    const id = (actions.content as { id: string }).id;
    const before = seenIn(dm.id).length;
    await alice.tapAction(dm, "sb-forged-id", "blue");
    await alice.tapAction(dm, id, "green");
    await alice.tapAction(dm, id, "red", { note: "x".repeat(500) });
    // A valid tap after the bad ones proves they were processed (in order) and ignored.
    const after = alice.mark();
    await alice.tapAction(dm, id, "red");
    await alice.waitForMessage({ conversationId: dm.id, from: bot.inboxId, after });
    expect(
      seenIn(dm.id)
        .slice(before)
        .map((s) => s.detail),
    ).toEqual(['red:{"topic":"colours"}:']);
  });

  it("keeps going when a skill throws: other skills run and the user is told", async () => {
    const dm = await alice.dmWith(bot.address);
    const reply = await alice.ask(dm, "/crash");
    expect((reply.content as { content: string }).content).toContain("/crash failed");
    expect(
      await alice.ask(dm, "/add 1 1").then((m) => (m.content as { content: string }).content),
    ).toBe("2");
    expect(
      bot.logLines.some(
        (line) => line.includes("SB_ERR_SKILL_FAILED") && line.includes("faulty skill"),
      ),
    ).toBe(true);
  });

  it("sees a group it is added to, member additions and metadata changes", async () => {
    const group = await alice.createGroup([bot.address]);
    await waitFor(() => seenIn(group.id).some((s) => s.event === "conversation"), {
      description: "group seen",
    });
    await group.addMembers([bob.inboxId]);
    await group.updateName("Renamed");
    await waitFor(() => seenIn(group.id).some((s) => s.detail.startsWith("meta:")), {
      description: "rename seen",
    });
    const details = seenIn(group.id).map((s) => s.detail);
    expect(details).toContain(`added:${bob.inboxId}`);
    expect(details).toContain("meta:Renamed");
    expect(seenIn(group.id)[0]?.detail).toBe("group");
  });

  it("handles each conversation in order under concurrent senders", async () => {
    const users = [alice, bob];
    const dms = await Promise.all(users.map((user) => user.dmWith(bot.address)));
    const count = 15;
    await Promise.all(
      dms.map(async (dm, index) => {
        for (let i = 0; i < count; i++) await dm.sendText(`u${index}-${i}`);
      }),
    );
    for (const [index, dm] of dms.entries()) {
      const texts = () =>
        seenIn(dm.id)
          .filter((s) => s.detail.startsWith(`u${index}-`))
          .map((s) => s.detail);
      await waitFor(() => texts().length === count, { description: `all of u${index}'s messages` });
      expect(texts()).toEqual(Array.from({ length: count }, (_, i) => `u${index}-${i}`));
    }
  });

  it("replays messages sent while it was down, each exactly once", async () => {
    const dm = await bob.dmWith(bot.address);
    await bob.ask(dm, "/add 0 0");
    await bot.stop();
    for (let i = 0; i < 5; i++) await dm.sendText(`offline-${i}`);
    await bot.restart();
    const offline = () => seenIn(dm.id).filter((s) => s.detail.startsWith("offline-"));
    await waitFor(() => offline().length === 5, { description: "the offline messages" });
    expect(offline().map((s) => s.detail)).toEqual([0, 1, 2, 3, 4].map((i) => `offline-${i}`));
    // Live after the catch-up, and nothing handled twice.
    await bob.ask(dm, "/add 1 2");
    const all = seenIn(dm.id).map((s) => s.detail);
    expect(new Set(all).size).toBe(all.length);
  });
});
