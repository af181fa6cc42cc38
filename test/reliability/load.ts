import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
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
  /** Answers that reached their sender after the answer to a later message of theirs. */
  outOfOrder: number;
  /** Those answers, e.g. "load-r1-7 after load-r1-9". */
  reordered: string[];
  /** Greetings (`welcome`) beyond the first in a sender's conversation. */
  extraGreetings: number;
  /** The texts that got no answer, to find them in the agent's log. */
  unanswered: string[];
  /** The texts answered more than once. */
  answeredTwice: string[];
}

/** A fault injected while the load runs, once `atFraction` of it has been sent. */
export interface LoadFault {
  atFraction: number;
  action: () => Promise<void>;
}

/**
 * A steady load: each sender sends `perSender` numbered texts to the agent at `intervalMs`,
 * all senders in parallel. Each fault in `during` runs once its `atFraction` of the load has
 * been sent (the crash, the restart...), one after the other. Returns the sent texts.
 */
export async function sendLoad(options: {
  senders: Sender[];
  perSender: number;
  intervalMs: number;
  during?: LoadFault | LoadFault[];
}): Promise<string[]> {
  const sent: string[] = [];
  const faults = [options.during ?? []].flat();
  let fired: Promise<void> = Promise.resolve();
  await Promise.all(
    options.senders.map(async ({ user, conversation }, index) => {
      for (let i = 0; i < options.perSender; i++) {
        for (const fault of faults) {
          if (index === 0 && i === Math.floor(options.perSender * fault.atFraction)) {
            fired = fired.then(fault.action);
          }
        }
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
      for (const text of acksOf(user)) counts.set(text, (counts.get(text) ?? 0) + 1);
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
    outOfOrder: senders.reduce((sum, user) => sum + reordered(acksOf(user)).length, 0),
    reordered: senders.flatMap((user) => reordered(acksOf(user))),
    extraGreetings: senders.reduce(
      (sum, user) => sum + Math.max(user.log.messages.filter(isGreeting).length - 1, 0),
      0,
    ),
    unanswered,
    answeredTwice: sent.filter((text) => (counts.get(text) ?? 0) > 1),
  };
}

/** The texts a sender's answers acknowledge, in the order the network holds the answers. */
function acksOf(user: TestUser): string[] {
  return [...user.log.messages]
    .sort((a, b) => (a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0))
    .map((message) => textOf(message))
    .filter((text): text is string => text?.startsWith("ack:") === true)
    .map((text) => text.slice(4));
}

/** Answers to `load-<name>-<i>` whose i is below one answered before it (duplicates aside). */
function reordered(acks: string[]): string[] {
  const seen = new Set<string>();
  const indexOf = (text: string) => Number(text.slice(text.lastIndexOf("-") + 1));
  let highest: string | undefined;
  const late: string[] = [];
  for (const text of acks) {
    if (seen.has(text)) continue;
    seen.add(text);
    if (highest !== undefined && indexOf(text) < indexOf(highest))
      late.push(`${text} after ${highest}`);
    else highest = text;
  }
  return late;
}

/** The text of a text message or of a quoted reply. */
function textOf(message: DecodedMessage): string | undefined {
  const content: unknown = message.content;
  if (typeof content === "string") return content;
  const inner = (content as { content?: unknown } | undefined)?.content;
  return typeof inner === "string" ? inner : undefined;
}

const isGreeting = (message: DecodedMessage) => textOf(message) === "welcome";
