import type { DecodedMessage, Dm } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../src/commands/define-command.js";
import type { EventOutcome } from "../../src/runtime/context.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";
import { rateLimit } from "./index.js";

const POINTS = 3;
const FLOOD = 8;

const ping = defineCommand({
  name: "ping",
  description: "Answers pong n",
  args: [z.coerce.number().int().describe("n")],
});

/** What the skill handled, per sender. */
const handled = new Map<string, number[]>();
const pinger = defineSkill({
  name: "pinger",
  description: "Answers pings",
  setup(skill) {
    skill.command(ping, async ([n], ctx) => {
      handled.set(ctx.senderInboxId!, [...(handled.get(ctx.senderInboxId!) ?? []), n]);
      await ctx.reply(`pong ${n}`);
    });
  },
});

/** Texts each kind of skill saw, per sender: an observer sees all, others none throttled. */
const seen = { observer: new Map<string, number>(), other: new Map<string, number>() };
const counter = (name: string, kind: keyof typeof seen, observer: boolean) =>
  defineSkill({
    name,
    description: `Counts the texts it sees (${kind})`,
    observer,
    setup(skill) {
      skill.on("text", (ctx) => {
        seen[kind].set(ctx.senderInboxId!, (seen[kind].get(ctx.senderInboxId!) ?? 0) + 1);
      });
    },
  });

const textOf = (message: DecodedMessage) => (message.content as { content: string }).content;

describe("rate limiting on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  const outcomes = new Map<string, EventOutcome[]>();

  beforeAll(async () => {
    [bot, alice, bob] = await Promise.all([
      TestAgent.start({
        skills: [
          pinger(),
          counter("watcher", "observer", true)(),
          counter("chatter", "other", false)(),
        ],
        // The window outlasts the test, so nothing resets halfway.
        middleware: [
          rateLimit({
            perSender: { points: POINTS, durationMs: 120_000 },
            perConversation: false,
            global: false,
          }),
        ],
      }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
    ]);
    bot.runtime.on("settled", ({ ctx, outcome }) => {
      if (!ctx.senderInboxId) return;
      outcomes.set(ctx.senderInboxId, [...(outcomes.get(ctx.senderInboxId) ?? []), outcome]);
    });
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop()]);
  });

  /** What the bot published in `dm`, read back from the network once everything settled. */
  async function botMessagesIn(dm: Dm): Promise<string[]> {
    await dm.sync();
    const messages = await dm.messages();
    return messages.filter((m) => m.senderInboxId === bot.inboxId).map(textOf);
  }

  it("limits a flooding sender with one slow-down reply while another sender is unaffected", async () => {
    const [aliceDm, bobDm] = await Promise.all([
      alice.dmWith(bot.address),
      bob.dmWith(bot.address),
    ]);
    const flood = async () => {
      for (let n = 1; n <= FLOOD; n++) await aliceDm.sendText(`/ping ${n}`);
    };
    const calm = async () => {
      for (let n = 1; n <= POINTS; n++) {
        const reply = await bob.ask(bobDm, `/ping ${n}`);
        expect(textOf(reply)).toBe(`pong ${n}`);
      }
    };
    await Promise.all([flood(), calm()]);
    await waitFor(() => (outcomes.get(alice.inboxId)?.length ?? 0) >= FLOOD, {
      description: "the bot to settle all of alice's messages",
      explain: () => `settled: ${JSON.stringify(outcomes.get(alice.inboxId))}`,
    });

    expect(outcomes.get(alice.inboxId)).toEqual([
      ...Array(POINTS).fill("handled"),
      ...Array(FLOOD - POINTS).fill("limited"),
    ]);
    expect(handled.get(alice.inboxId)).toEqual([1, 2, 3]);
    const toAlice = await botMessagesIn(aliceDm);
    expect(toAlice.slice(0, POINTS)).toEqual(["pong 1", "pong 2", "pong 3"]);
    expect(toAlice.slice(POINTS)).toHaveLength(1);
    expect(toAlice[POINTS]).toMatch(/^Slow down — try again in \d+ s\.$/);

    // Throttled messages still reach observer skills, and only them.
    expect(seen.observer.get(alice.inboxId)).toBe(FLOOD);
    expect(seen.other.get(alice.inboxId)).toBe(POINTS);

    expect(outcomes.get(bob.inboxId)).toEqual(Array(POINTS).fill("handled"));
    expect(handled.get(bob.inboxId)).toEqual([1, 2, 3]);
    expect(await botMessagesIn(bobDm)).toEqual(["pong 1", "pong 2", "pong 3"]);
  });
});
