import type { Conversation } from "@xmtp/node-sdk";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";

export interface Sender {
  user: TestUser;
  conversation: Conversation;
}

/** Simulated users, each with a DM open to the agent: the load's senders. */
export async function dmSenders(names: string[], agentAddress: string): Promise<Sender[]> {
  const users = await Promise.all(names.map((name) => TestUser.create({ name })));
  return Promise.all(
    users.map(async (user) => ({ user, conversation: await user.dmWith(agentAddress) })),
  );
}

/** The load every reliability test uses: 20 texts per sender, 40 ms apart. */
export const STEADY_LOAD = { perSender: 20, intervalMs: 40 } as const;

export interface LoadReport {
  /** From the call until every message had its answer (or the wait timed out). */
  answeredAfterMs: number;
  sent: number;
  answered: number;
  lost: number;
  duplicated: number;
  /** The texts that got no answer, to find them in the agent's log. */
  unanswered: string[];
}

/**
 * A steady load: each sender sends `perSender` numbered texts to the agent at `intervalMs`,
 * all senders in parallel. `during` runs once `atFraction` of the load has been sent (the
 * crash, the restart...). Returns the sent texts per sender.
 */
export async function sendLoad(options: {
  senders: Sender[];
  perSender: number;
  intervalMs: number;
  during?: { atFraction: number; action: () => Promise<void> };
}): Promise<string[]> {
  const sent: string[] = [];
  const trigger = Math.floor(options.perSender * (options.during?.atFraction ?? 2));
  let fired: Promise<void> | undefined;
  await Promise.all(
    options.senders.map(async ({ user, conversation }, index) => {
      for (let i = 0; i < options.perSender; i++) {
        if (index === 0 && i === trigger && options.during) fired = options.during.action();
        const text = `load-${user.name}-${i}`;
        // A send can fail while the network blips; the user's app would retry it.
        await waitFor(
          () =>
            conversation.sendText(text).then(
              () => true,
              () => false,
            ),
          {
            description: `sending ${text}`,
            intervalMs: 200,
            timeoutMs: 30_000,
          },
        );
        sent.push(text);
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
      }
    }),
  );
  await fired;
  return sent;
}

/**
 * Waits until every sent text has its `ack:` reply, then a little longer for late duplicates,
 * and counts: lost = texts never answered, duplicated = extra answers.
 */
export async function countAnswers(
  senders: TestUser[],
  sent: string[],
  options: { timeoutMs: number; settleMs?: number },
): Promise<LoadReport> {
  const answers = () => {
    const counts = new Map<string, number>();
    for (const user of senders) {
      for (const message of user.log.messages) {
        const text = (message.content as { content?: unknown } | undefined)?.content;
        if (typeof text === "string" && text.startsWith("ack:"))
          counts.set(text.slice(4), (counts.get(text.slice(4)) ?? 0) + 1);
      }
    }
    return counts;
  };
  const started = Date.now();
  let lastSync = 0;
  await waitFor(
    async () => {
      if (sent.every((text) => answers().has(text))) return true;
      // A sender's own stream can miss a reply while it reconnects: what counts is what the
      // network holds, so sync the senders now and then too.
      if (Date.now() - lastSync > 2_000) {
        lastSync = Date.now();
        await Promise.all(senders.map((user) => user.log.catchUp().catch(() => undefined)));
      }
      return false;
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 250,
      description: "an answer to every sent message",
      explain: () => `${sent.filter((text) => !answers().has(text)).length} unanswered`,
    },
  ).catch(() => undefined);
  const answeredAfterMs = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 3_000));
  const counts = answers();
  const answered = sent.filter((text) => counts.has(text)).length;
  const duplicated = sent.reduce((sum, text) => sum + Math.max((counts.get(text) ?? 0) - 1, 0), 0);
  const unanswered = sent.filter((text) => !counts.has(text));
  return {
    answeredAfterMs,
    sent: sent.length,
    answered,
    lost: unanswered.length,
    duplicated,
    unanswered,
  };
}
