import type { Dm } from "@xmtp/node-sdk";
import type { AgentProcess } from "../agent-host/spawn-agent.js";
import type { AgentPair, Senders } from "../lib/agent-pair.js";
import { type Arrival, Deliveries } from "../lib/deliveries.js";
import { fmt } from "../lib/format.js";
import type { Goals } from "../lib/goals.js";
import { mapLimit } from "../lib/map-limit.js";
import { spreadOf, summarize } from "../lib/stats.js";
import { printTable } from "../lib/table.js";

export interface IoThroughputOptions {
  /** Conversations: this many senders, each in its DM with the agent. */
  conversations: number;
  /** Messages each sender sends back to back. */
  messages: number;
  /** How long the skill "waits on I/O" before replying. */
  ioMs: number;
  /** Rounds, each flooding both agents once (who goes first alternating). */
  rounds: number;
  /** Conversations Switchboard handles at once (its `SWITCHBOARD_CONCURRENCY`). */
  concurrency: number;
}

interface Flood {
  rate: number;
  spanMs: number;
  p50: number;
  outOfOrder: number;
  missing: number;
}

/**
 * Scenario b: throughput of an I/O-bound skill (await `ioMs`, then reply) over many
 * conversations, each sender sending its messages back to back. Rounds interleave the agents
 * (A,B,B,A then B,A,A,B ...), each round gives one msg/s ratio, and every conversation's replies are
 * checked for order. agent-sdk handles a conversation's messages concurrently, in no order;
 * Switchboard in order, so its floor is `messages × ioMs` per conversation.
 *
 * @example
 * await ioThroughput(agents, senders, { conversations: 50, messages: 4, ioMs: 50, rounds: 5 }, goals);
 */
export async function ioThroughput(
  agents: AgentPair,
  { users, dms }: Senders,
  options: IoThroughputOptions,
  goals: Goals,
): Promise<void> {
  const senders = users.slice(0, options.conversations);
  const floods: Flood[][] = [[], []];
  for (let round = 0; round < options.rounds; round++) {
    // A,B,B,A (then B,A,A,B): each agent floods once first and once second in every round. A
    // flood that follows another runs slower (the senders and the devnode are still busy with
    // the last replies): measured A against itself with A,B rounds, the second came out 0.94x.
    const first = round % 2;
    for (const a of [first, 1 - first, 1 - first, first]) {
      const conversations = senders.map((_, u) => dms[u]![a]!);
      const attempt = floods[a]!.length;
      floods[a]!.push(await flood(agents[a]!, senders, conversations, options, attempt));
    }
  }
  const stats = await Promise.all(agents.map((agent) => agent.stats()));
  const roundRate = (a: number, round: number) =>
    floods[a]![2 * round]!.rate + floods[a]![2 * round + 1]!.rate;
  const ratio = spreadOf(
    Array.from({ length: options.rounds }, (_, round) => roundRate(1, round) / roundRate(0, round)),
  );
  const sum = (list: Flood[], pick: (f: Flood) => number) => list.reduce((t, f) => t + pick(f), 0);
  printTable(
    `b. Throughput, I/O-bound skill (await ${options.ioMs} ms, then reply), rounds interleaved`,
    agents.map((agent, a) => ({
      agent: agent.label,
      "msg/s (median flood)": fmt.spread(spreadOf(floods[a]!.map((f) => f.rate)), fmt.rate),
      "total time": fmt.spread(spreadOf(floods[a]!.map((f) => f.spanMs)), fmt.ms),
      "p50 latency": fmt.spread(spreadOf(floods[a]!.map((f) => f.p50)), fmt.ms),
      "out-of-order convs (per flood)": floods[a]!.map((f) => f.outOfOrder).join(","),
      missing: sum(floods[a]!, (f) => f.missing),
      failures: stats[a]!.failed + stats[a]!.refused,
    })),
    [
      `msg/s ÷ agent-sdk per round, median (min–max): ${fmt.spread(ratio)}.`,
      `${options.rounds} rounds of 4 floods, A,B,B,A then B,A,A,B: in each flood ${senders.length} conversations × ${options.messages} messages go to one agent; a round's ratio is B's two floods' msg/s over A's. Total time runs from the first send to the last reply.`,
      `I/O floor per conversation: ${options.ioMs} ms unordered, ${options.messages * options.ioMs} ms in order (Switchboard handles up to SWITCHBOARD_CONCURRENCY conversations at once: ${options.concurrency}).`,
      "agent-sdk does not order: its text listener is not awaited, so a conversation's messages run concurrently and may be answered out of order.",
    ],
  );
  const disordered = sum(floods[1]!, (f) => f.outOfOrder);
  goals.add({
    goal: "I/O-bound throughput, every conversation in order",
    target: "≥ 1.00×, 0 out of order",
    measured: ratio,
    met: ratio.median >= 1 && disordered === 0 && sum(floods[1]!, (f) => f.missing) === 0,
    note: `Switchboard: ${disordered} conversation(s) out of order; agent-sdk: ${sum(floods[0]!, (f) => f.outOfOrder)}`,
  });
}

/** Every sender sends its messages back to back; resolves when every reply is in (or 2 min). */
async function flood(
  agent: AgentProcess,
  senders: Senders["users"],
  conversations: readonly Dm[],
  options: IoThroughputOptions,
  attempt: number,
): Promise<Flood> {
  const deliveries = new Deliveries().watch(...senders);
  const sequence = new Map<string, number>();
  try {
    await mapLimit(senders, senders.length, async (_, u) => {
      for (let seq = 0; seq < options.messages; seq++) {
        const token = deliveries.token(`io-${options.ioMs}`, agent.label, attempt, u, seq);
        sequence.set(token, seq);
        await deliveries.send(conversations[u]!, token);
      }
    });
    const { missing } = await deliveries.settle(120_000);
    return {
      rate: (deliveries.arrivals.length / deliveries.spanMs) * 1000,
      spanMs: deliveries.spanMs,
      p50: summarize(deliveries.latencies).p50,
      outOfOrder: countOutOfOrder(deliveries.arrivals, sequence),
      missing,
    };
  } finally {
    deliveries.close();
  }
}

/** Conversations whose replies arrived in another order than their messages were sent. */
function countOutOfOrder(arrivals: readonly Arrival[], sequence: Map<string, number>): number {
  const last = new Map<string, number>();
  const broken = new Set<string>();
  for (const arrival of arrivals) {
    const seq = sequence.get(arrival.token)!;
    if (seq < (last.get(arrival.conversationId) ?? -1)) broken.add(arrival.conversationId);
    last.set(arrival.conversationId, Math.max(seq, last.get(arrival.conversationId) ?? -1));
  }
  return broken.size;
}
