import { performance } from "node:perf_hooks";
import type { TestUser } from "../../src/testing/test-user.js";
import type { HostOptions } from "../agent-host/protocol.js";
import { type AgentProcess, spawnAgent } from "../agent-host/spawn-agent.js";
import { type Arrival, Deliveries } from "../lib/deliveries.js";
import { fmt } from "../lib/format.js";
import { mapLimit } from "../lib/map-limit.js";
import { summarize } from "../lib/stats.js";
import { printTable, type Row } from "../lib/table.js";
import { createUsers, disposeUsers } from "../lib/users.js";

export interface IoThroughputOptions {
  /** Users, each in its own DM with the agent: one conversation each. */
  users: number;
  /** Messages each user sends back to back. */
  messages: number;
  /** How long the skill "waits on I/O" before replying. */
  ioMs: number;
  /** Switchboard concurrency for the second Switchboard run (the first uses the default, 16). */
  concurrency: number;
}

/**
 * Scenario b: throughput of an I/O-bound skill (await `ioMs`, then reply) over many
 * conversations, each user sending its messages back to back. agent-sdk runs every message at
 * once and in no order; Switchboard handles each conversation in order, `concurrency`
 * conversations at a time, so its floor is `messages × ioMs` per conversation.
 *
 * @example
 * await ioThroughput({ users: 50, messages: 4, ioMs: 50, concurrency: 64 });
 */
export async function ioThroughput(options: IoThroughputOptions): Promise<void> {
  const io = { handler: "io-echo", ioMs: options.ioMs } as const;
  const variants: Array<{ label: string; options: HostOptions }> = [
    { label: "agent-sdk (baseline)", options: { framework: "agent-sdk", ...io } },
    {
      label: "switchboard, concurrency 16",
      options: { framework: "switchboard", concurrency: 16, ...io },
    },
  ];
  if (options.concurrency !== 16) {
    variants.push({
      label: `switchboard, concurrency ${options.concurrency}`,
      options: { framework: "switchboard", concurrency: options.concurrency, ...io },
    });
  }
  const users = await createUsers(options.users);
  const rows: Row[] = [];
  let base: { rate: number; span: number } | undefined;
  try {
    for (const variant of variants) {
      const agent = await spawnAgent(variant.label, variant.options);
      try {
        const result = await flood(agent, users, options.messages);
        base ??= result;
        rows.push({
          agent: variant.label,
          messages: options.users * options.messages - result.missing,
          "send phase": fmt.ms(result.sendMs),
          "total time": fmt.ms(result.span),
          throughput: fmt.rate(result.rate),
          p50: fmt.ms(result.latency.p50),
          p95: fmt.ms(result.latency.p95),
          p99: fmt.ms(result.latency.p99),
          "out-of-order convs": result.outOfOrder,
          "msg/s ÷ base": fmt.ratio(result.rate, base.rate),
          "time ÷ base": fmt.ratio(result.span, base.span),
          missing: result.missing,
          failures: result.failures,
        });
      } finally {
        await agent.stop();
      }
    }
  } finally {
    await disposeUsers(users);
  }
  const floor = (conversationsAtOnce: number) =>
    Math.ceil(options.users / conversationsAtOnce) * options.messages * options.ioMs;
  printTable(`b. Throughput, I/O-bound skill (${options.ioMs} ms, then reply)`, rows, [
    `${options.users} conversations × ${options.messages} messages sent back to back (send phase: until every send call returned); total time runs from the first send to the last reply received.`,
    `I/O floors: unordered ${options.ioMs} ms; ordered per conversation ${floor(options.users)} ms with ≥${options.users} conversations at once, ${floor(16)} ms at 16.`,
    "agent-sdk does not order: its text listener is not awaited, so one conversation's messages run concurrently and may be answered out of order.",
    "Switchboard answers each conversation in order (out-of-order convs must be 0); the price is the per-conversation floor above.",
    "failures: handler errors plus messages the pipeline refused; missing: replies that never came.",
  ]);
}

/** Every user sends `messages` texts at once-ish; resolves when every reply is in (or 2 min). */
async function flood(agent: AgentProcess, users: readonly TestUser[], messages: number) {
  const dms = await mapLimit(users, 8, (user) => user.dmWith(agent.address));
  const warmup = new Deliveries().watch(...users);
  await mapLimit(users, 10, async (_, u) => {
    const token = warmup.token("warm-up", u);
    await warmup.send(dms[u]!, token);
    await warmup.delivered(token);
  });
  warmup.close();

  const deliveries = new Deliveries().watch(...users);
  const sequence = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    users.map(async (_, u) => {
      for (let seq = 0; seq < messages; seq++) {
        const token = deliveries.token("io", u, seq);
        sequence.set(token, seq);
        await deliveries.send(dms[u]!, token);
      }
    }),
  );
  const sendMs = performance.now() - started;
  const { missing } = await deliveries.settle(120_000);
  deliveries.close();
  const stats = await agent.stats();
  const rate = (deliveries.arrivals.length / deliveries.spanMs) * 1000;
  return {
    missing,
    failures: stats.failed + stats.refused,
    sendMs,
    span: deliveries.spanMs,
    rate,
    latency: summarize(deliveries.latencies),
    outOfOrder: countOutOfOrder(deliveries.arrivals, sequence),
  };
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
