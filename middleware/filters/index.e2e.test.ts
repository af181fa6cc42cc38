import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCommand } from "../../src/commands/define-command.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { and, groupOnly, only, senderIsAdmin } from "./index.js";

const secret = defineCommand({ name: "secret", description: "Opens the vault" });
const ping = defineCommand({ name: "ping", description: "Answers pong" });

/** Gated: only group admins reach its handlers. */
const vault = defineSkill({
  name: "vault",
  description: "Admin-only",
  setup(skill) {
    skill.use(only(and(groupOnly, senderIsAdmin)));
    skill.command(secret, (_args, ctx) => ctx.reply("the vault is open"));
  },
});

/** Ungated: its answer proves the agent handled everything sent before it. */
const open = defineSkill({
  name: "open",
  description: "Answers anyone",
  setup(skill) {
    skill.command(ping, (_args, ctx) => ctx.reply("pong"));
  },
});

const textOf = (message: DecodedMessage) =>
  (message.content as { content?: unknown }).content ?? message.content;

describe("filters on the devnode: groupOnly + senderIsAdmin gate a skill", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [bot, alice, bob] = await Promise.all([
      TestAgent.start({ skills: [vault(), open()] }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop()]);
  });

  /** Sends `/secret`, then `/ping`, and returns every answer the bot gave before the pong. */
  async function secretThenPing(user: TestUser, conversation: Conversation) {
    const after = user.mark();
    await conversation.sendText("/secret");
    const pong = await user.ask(conversation, "/ping", {
      where: (m) => m.senderInboxId === bot.inboxId && textOf(m) === "pong",
    });
    return user.log.messages
      .slice(after)
      .filter(
        (m) =>
          m.conversationId === conversation.id &&
          m.senderInboxId === bot.inboxId &&
          m.sentAtNs < pong.sentAtNs,
      )
      .map(textOf);
  }

  it("answers a group's super admin, ignores a member until promoted, and ignores DMs", async () => {
    const group = await alice.createGroup([bot.address, bob.address], { name: "vault" });
    expect(await secretThenPing(alice, group)).toEqual(["the vault is open"]);

    const bobsGroup = await bob.conversation(group.id);
    expect(await secretThenPing(bob, bobsGroup)).toEqual([]);

    await group.addAdmin(bob.inboxId);
    expect(await secretThenPing(bob, bobsGroup)).toEqual(["the vault is open"]);

    const dm = await alice.dmWith(bot.address);
    expect(await secretThenPing(alice, dm)).toEqual([]);
  });
});
