import type { DecodedMessage } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../src/commands/define-command.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";
import { type OutboundPacer, outboundPacing } from "./index.js";

const BUDGET = { points: 3, durationMs: 2_000 };
const BURST = 10;

const echo = defineCommand({
  name: "n",
  description: "Answers #n",
  args: [z.coerce.number().int().describe("n")],
});
const numbers = defineSkill({
  name: "numbers",
  description: "Answers numbers",
  setup(skill) {
    skill.command(echo, ([n], ctx) => ctx.reply(`#${n}`));
  },
});

const textOf = (message: DecodedMessage) => (message.content as { content: string }).content;

describe("outbound pacing on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let pacer: OutboundPacer;
  const waits: number[] = [];

  beforeAll(async () => {
    pacer = outboundPacing({ budget: BUDGET, headroom: 0 });
    pacer.on("sent", ({ waitedMs }) => waits.push(waitedMs));
    [bot, alice] = await Promise.all([
      TestAgent.start({ skills: [numbers()], outbound: pacer }),
      TestUser.create({ name: "alice" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop()]);
  });

  it("answers a burst of commands completely and in order, within a budget of 3 writes per 2 s", async () => {
    const dm = await alice.dmWith(bot.address);
    const after = alice.mark();
    const started = performance.now();
    for (let n = 1; n <= BURST; n++) await dm.sendText(`/n ${n}`);
    const replies = await waitFor(
      () => {
        const fromBot = alice.log.messages
          .slice(after)
          .filter((m) => m.conversationId === dm.id && m.senderInboxId === bot.inboxId);
        return fromBot.length >= BURST && fromBot;
      },
      { timeoutMs: 30_000, description: `${BURST} replies` },
    );
    const elapsedMs = performance.now() - started;

    expect(replies.map(textOf)).toEqual(Array.from({ length: BURST }, (_, i) => `#${i + 1}`));
    // No 4 replies within any 2 s: each reply comes a window after the one 3 before it. The
    // timestamp is stamped inside the write, some ms after the pacer started it (up to ~150 ms
    // seen on a loaded machine), hence the tolerance; unpaced, these gaps are tens of ms.
    const sentAtMs = replies.map((m) => Number(m.sentAtNs / 1_000_000n));
    const gaps = sentAtMs.slice(BUDGET.points).map((at, i) => at - sentAtMs[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(BUDGET.durationMs - 400);
    // 10 writes at 3 per 2 s: the last starts 3 windows after the first.
    expect(elapsedMs).toBeGreaterThanOrEqual(3 * BUDGET.durationMs);
    // Alice can see the last reply before the agent's write call returns and "sent" fires.
    await waitFor(() => waits.length === BURST, { description: `${BURST} "sent" events` });
    expect(waits).toHaveLength(BURST);
    expect(pacer.queueDepth).toBe(0);
    console.info(
      `outbound pacing: ${BURST} replies at ${BUDGET.points} per ${BUDGET.durationMs} ms took ` +
        `${Math.round(elapsedMs)} ms; ` +
        `longest wait in the queue ${Math.max(...waits)} ms; gaps between reply n and n-3: ` +
        `${gaps.join(", ")} ms`,
    );
  });
});
