import type { Dm } from "@xmtp/node-sdk";
import { type AgentProcess, spawnAgent } from "../agent-host/spawn-agent.js";
import { Deliveries } from "../lib/deliveries.js";
import { fmt } from "../lib/format.js";
import { mapLimit } from "../lib/map-limit.js";
import { summarize } from "../lib/stats.js";
import { printTable } from "../lib/table.js";
import { createUsers, disposeUsers } from "../lib/users.js";

export interface AddedLatencyOptions {
  /** Users asking at the same time, each in its own DM with every agent. */
  senders: number;
  /** Measured round trips per sender and agent. */
  rounds: number;
  /** Unmeasured round trips first, per sender and agent. */
  warmup: number;
}

const VARIANTS = [
  { label: "agent-sdk (baseline)", options: { framework: "agent-sdk", handler: "echo" } },
  {
    label: "switchboard, router only",
    options: { framework: "switchboard", middleware: "none", handler: "echo" },
  },
  {
    label: "switchboard, full pipeline",
    options: { framework: "switchboard", middleware: "full", handler: "echo" },
  },
] as const;

/**
 * Scenario a: send → reply latency of an echo skill on a bare agent-sdk agent and on
 * Switchboard (router only, then the full inbound pipeline). The three agents run at once,
 * each in its own process, and every sender asks them in turn (rotating who goes first), so
 * machine noise falls on all three alike.
 *
 * @example
 * await addedLatency({ senders: 4, rounds: 50, warmup: 5 });
 */
export async function addedLatency(options: AddedLatencyOptions): Promise<void> {
  const agents: AgentProcess[] = [];
  for (const variant of VARIANTS) agents.push(await spawnAgent(variant.label, variant.options));
  const users = await createUsers(options.senders);
  const deliveries = new Deliveries().watch(...users);
  try {
    const dms: Dm[][] = await mapLimit(users, 4, (user) =>
      Promise.all(agents.map((agent) => user.dmWith(agent.address))),
    );
    const samples = agents.map(() => [] as number[]);
    const round = (round: number, record: boolean) =>
      Promise.all(
        users.map(async (_, u) => {
          for (let step = 0; step < agents.length; step++) {
            const a = (round + u + step) % agents.length;
            const token = deliveries.token("latency", u, a, round, record ? "m" : "w");
            await deliveries.send(dms[u]![a]!, token);
            const latency = await deliveries.delivered(token);
            if (record) samples[a]!.push(latency);
          }
        }),
      );
    for (let i = 0; i < options.warmup; i++) await round(i, false);
    for (let i = 0; i < options.rounds; i++) await round(i, true);

    const stats = await Promise.all(agents.map((agent) => agent.stats()));
    const summaries = samples.map((list) => summarize(list));
    const base = summaries[0]!;
    printTable(
      "a. Added latency: send → echo reply (DM round trip)",
      summaries.map((s, i) => ({
        agent: agents[i]!.label,
        samples: s.count,
        p50: fmt.ms(s.p50),
        p95: fmt.ms(s.p95),
        p99: fmt.ms(s.p99),
        max: fmt.ms(s.max),
        "p50 ÷ base": fmt.ratio(s.p50, base.p50),
        "p95 ÷ base": fmt.ratio(s.p95, base.p95),
        failures: stats[i]!.failed + stats[i]!.refused,
      })),
      [
        `${options.senders} senders × ${options.rounds} measured rounds (+${options.warmup} warm-up) per agent; the agents run side by side and are asked in rotating order.`,
        `Added by Switchboard at p50: router only ${fmt.ms(summaries[1]!.p50 - base.p50)}, full pipeline ${fmt.ms(summaries[2]!.p50 - base.p50)}.`,
        "A round trip includes the sender's encrypt + publish, the agent's decrypt, handling and reply, and the sender's decrypt.",
        "Full pipeline: createAgent's built-ins (telemetry, inbound rate limit with limits never reached, outbound pacing) + filters. failures: errors + refused messages.",
      ],
    );
  } finally {
    deliveries.close();
    await Promise.all(agents.map((agent) => agent.stop()));
    await disposeUsers(users);
  }
}
