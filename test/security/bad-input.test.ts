import { isAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../src/commands/define-command.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";

const pay = defineCommand({
  name: "pay",
  description: "Validates an address and an amount",
  args: [
    z
      .string()
      .refine((value) => isAddress(value), "not an Ethereum address")
      .describe("address"),
    z.coerce.number().positive().max(1_000_000).describe("amount"),
  ],
});
const ping = defineCommand({ name: "ping", description: "Liveness" });

const target = defineSkill({
  name: "target",
  description: "Commands for bad input to hit",
  setup(skill) {
    skill.command(pay, ([address, amount], ctx) => ctx.reply(`ok ${address} ${amount}`));
    skill.command(ping, (_args, ctx) => ctx.reply("pong"));
    skill.command(
      defineCommand({ name: "expiring", description: "buttons that expire at once" }),
      async (_args, ctx) => {
        await ctx.sendActions({
          description: "Too late",
          handler: "late",
          expiresInMs: 1,
          actions: [{ id: "x", label: "X" }],
        });
      },
    );
    skill.action("late", (ctx) => ctx.reply("should never run"));
  },
});

/** Deterministic generator: the same "random" inputs on every run, so failures reproduce. */
function* generatedCommands(seed: number): Generator<string> {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  const pieces = [
    '"',
    "'",
    "“",
    "\\",
    "/pay",
    "0x",
    "🙂",
    "\u202e",
    "ﷺ",
    "\u0000",
    "-1",
    "1e999",
    "NaN",
    " ",
    "\n",
    "a".repeat(50),
  ];
  for (let i = 0; i < 25; i++) {
    const length = 1 + (next() % 8);
    yield `/pay ${Array.from({ length }, () => pieces[next() % pieces.length]).join("")}`;
  }
}

describe("bad input, generated", () => {
  let bot: TestAgent;
  let alice: TestUser;

  beforeAll(async () => {
    [bot, alice] = await Promise.all([
      TestAgent.start({ skills: [target()] }),
      TestUser.create({ name: "alice" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop()]);
  });

  it("answers every malformed command with an error, never crashing", async () => {
    const dm = await alice.dmWith(bot.address);
    for (const line of generatedCommands(7)) {
      const answer = await alice.ask(dm, line);
      const text = (answer.content as { content: string }).content;
      expect(text, line).toMatch(/Usage: \/pay|Missing closing quote|^ok 0x/);
    }
    expect(
      await alice.ask(dm, "/ping").then((m) => (m.content as { content: string }).content),
    ).toBe("pong");
  });

  it("survives huge and unicode-heavy texts and unknown commands", async () => {
    const dm = await alice.dmWith(bot.address);
    await dm.sendText("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ".repeat(20_000));
    const huge = await alice.ask(dm, `/pay ${"9".repeat(100_000)} 1`);
    expect((huge.content as { content: string }).content).toContain("Usage: /pay");
    const unknown = await alice.ask(dm, "/nosuchcommand and args");
    expect((unknown.content as { content: string }).content).toContain(
      "Unknown command /nosuchcommand",
    );
    const invalidAddress = await alice.ask(dm, "/pay 0x1234 5");
    expect((invalidAddress.content as { content: string }).content).toContain(
      "not an Ethereum address",
    );
    expect(
      await alice.ask(dm, "/ping").then((m) => (m.content as { content: string }).content),
    ).toBe("pong");
  });

  it("refuses taps on expired, unknown and forged buttons", async () => {
    const dm = await alice.dmWith(bot.address);
    const actions = await alice.ask(dm, "/expiring", { type: "actions" });
    const expired = alice.mark();
    await alice.tapAction(dm, (actions.content as { id: string }).id, "x");
    const reply = await alice.waitForMessage({
      conversationId: dm.id,
      from: bot.inboxId,
      after: expired,
    });
    expect((reply.content as { content: string }).content).toBe("That button has expired.");
    for (const forged of ["", "sb-", "x".repeat(300), "../../etc/passwd", "sb-AAAAAAAAAAAAAAAA"]) {
      await alice.tapAction(dm, forged || "empty", "x", { note: "🙂".repeat(100) });
    }
    expect(
      await alice.ask(dm, "/ping").then((m) => (m.content as { content: string }).content),
    ).toBe("pong");
    const answers = alice.log.messages.filter(
      (m) => (m.content as { content?: string })?.content === "should never run",
    );
    expect(answers).toHaveLength(0);
  });
});
