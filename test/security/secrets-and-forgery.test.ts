import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCommand } from "../../src/commands/define-command.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";

const walletKey = generatePrivateKey();
const dbKey = generatePrivateKey();

const leaky = defineSkill({
  name: "leaky",
  description: "Tries hard to log secrets",
  setup(skill) {
    skill.command(
      defineCommand({ name: "leak", description: "logs things it should not" }),
      async (_args, ctx) => {
        ctx.log.info(
          { config: { XMTP_WALLET_KEY: walletKey, XMTP_DB_ENCRYPTION_KEY: dbKey } },
          "config dump",
        );
        ctx.log.info({ walletKey, nested: { privateKey: walletKey } }, "fields");
        ctx.log.info(`message text with ${walletKey} and ${dbKey.slice(2).toUpperCase()}`);
        throw new Error(`failing with the key in the message: ${walletKey}`);
      },
    );
    skill.command(
      defineCommand({ name: "buttons", description: "sends buttons" }),
      async (_args, ctx) => {
        await ctx.sendActions({
          description: "Pick",
          handler: "pick",
          actions: [{ id: "a", label: "A" }],
        });
      },
    );
    skill.action("pick", (ctx) => ctx.reply(`picked by ${ctx.senderInboxId}`));
  },
});

describe("security", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let mallory: TestUser;

  beforeAll(async () => {
    [bot, alice, mallory] = await Promise.all([
      TestAgent.start({
        skills: [leaky()],
        env: { XMTP_WALLET_KEY: walletKey, XMTP_DB_ENCRYPTION_KEY: dbKey },
      }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "mallory" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), mallory?.stop()]);
  });

  it("never writes the wallet or database key to the logs", async () => {
    const dm = await alice.dmWith(bot.address);
    const reply = await alice.ask(dm, "/leak");
    expect((reply.content as { content: string }).content).toContain("/leak failed");
    const captured = bot.logLines.join("\n").toLowerCase();
    expect(captured).toContain("config dump");
    expect(captured).toContain("sb_err_skill_failed");
    for (const secret of [walletKey, dbKey]) {
      expect(captured).not.toContain(secret.slice(2).toLowerCase());
    }
  });

  it("ignores a tap forged in another conversation with a real actions id", async () => {
    const dm = await alice.dmWith(bot.address);
    const actions = await alice.ask(dm, "/buttons", { type: "actions" });
    const id = (actions.content as { id: string }).id;
    const malloryDm = await mallory.dmWith(bot.address);
    await mallory.tapAction(malloryDm, id, "a");
    // A valid tap in mallory's DM afterwards proves the forged one was processed first.
    const own = await mallory.ask(malloryDm, "/buttons", { type: "actions" });
    const after = mallory.mark();
    await mallory.tapAction(malloryDm, (own.content as { id: string }).id, "a");
    const answer = await mallory.waitForMessage({
      conversationId: malloryDm.id,
      from: bot.inboxId,
      after,
    });
    expect((answer.content as { content: string }).content).toBe(`picked by ${mallory.inboxId}`);
    const answers = mallory.log.messages.filter((m) =>
      (m.content as { content?: string })?.content?.startsWith("picked"),
    );
    expect(answers).toHaveLength(1);
    expect(bot.logLines.some((line) => line.includes('"reason":"wrong-conversation"'))).toBe(true);
  });
});
