import { type AgentPair, cpuPerMessage, type Senders, statsOf } from "../lib/agent-pair.js";
import { Deliveries } from "../lib/deliveries.js";
import { fmt } from "../lib/format.js";
import type { Goals } from "../lib/goals.js";
import { spreadOf, summarize } from "../lib/stats.js";
import { printTable } from "../lib/table.js";

export interface AddedLatencyOptions {
  /** How many of the senders ask at once, each in its DM with each agent. */
  senders: number;
  /** Rounds; each yields one ratio per metric, and the table reports their median. */
  rounds: number;
  /** Round trips per sender and agent in each round. */
  perRound: number;
  /** Unmeasured round trips per sender and agent first. */
  warmup: number;
}

/**
 * Scenario a: send → echo reply latency, bare agent-sdk agent against Switchboard, both live
 * at once. In every step each sender asks both agents one after the other, who goes first
 * alternating (A,B then B,A), so machine noise falls on both alike. Each round gives a p50 and
 * p95 ratio and the CPU each agent process spent per echo.
 *
 * @example
 * await addedLatency(agents, senders, { senders: 4, rounds: 5, perRound: 10, warmup: 3 }, goals);
 */
export async function addedLatency(
  agents: AgentPair,
  { users, dms }: Senders,
  options: AddedLatencyOptions,
  goals: Goals,
): Promise<void> {
  const askers = users.slice(0, options.senders);
  const deliveries = new Deliveries().watch(...askers);
  /** One step: every sender asks both agents; `record` is absent while warming up. */
  const askAll = (round: number, step: number, record?: number[][]) =>
    Promise.all(
      askers.map(async (_, u) => {
        for (let turn = 0; turn < 2; turn++) {
          const a = (round + u + step + turn) % 2;
          const phase = record ? "measured" : "warm-up";
          const token = deliveries.token("echo", phase, round, step, u, a);
          await deliveries.send(dms[u]![a]!, token);
          const latency = await deliveries.delivered(token);
          record?.[a]?.push(latency);
        }
      }),
    );
  try {
    for (let step = 0; step < options.warmup; step++) await askAll(0, step);
    const rounds: Array<{ p50: number[]; p95: number[]; cpu: number[] }> = [];
    const all: number[][] = [[], []];
    for (let round = 0; round < options.rounds; round++) {
      const samples: number[][] = [[], []];
      const before = await statsOf(agents);
      for (let step = 0; step < options.perRound; step++) await askAll(round, step, samples);
      const after = await statsOf(agents);
      const summaries = samples.map((list) => summarize(list));
      rounds.push({
        p50: summaries.map((s) => s.p50),
        p95: summaries.map((s) => s.p95),
        cpu: cpuPerMessage(before, after),
      });
      for (const a of [0, 1]) all[a]!.push(...samples[a]!);
    }
    const stats = await statsOf(agents);
    const per = (pick: (round: (typeof rounds)[number]) => number[], a: number) =>
      spreadOf(rounds.map((round) => pick(round)[a]!));
    const ratio = (pick: (round: (typeof rounds)[number]) => number[]) =>
      spreadOf(rounds.map((round) => pick(round)[1]! / pick(round)[0]!));
    const p50 = ratio((r) => r.p50);
    const p95 = ratio((r) => r.p95);
    const cpu = ratio((r) => r.cpu);
    printTable(
      "a. Added latency: send → echo reply (DM round trip), both agents live at once",
      agents.map((agent, a) => ({
        agent: agent.label,
        samples: all[a]!.length,
        "p50 (median round)": fmt.spread(
          per((r) => r.p50, a),
          fmt.ms,
        ),
        "p95 (median round)": fmt.spread(
          per((r) => r.p95, a),
          fmt.ms,
        ),
        "p99 (all rounds)": fmt.ms(summarize(all[a]!).p99),
        "CPU per echo": fmt.spread(
          per((r) => r.cpu, a),
          fmt.micros,
        ),
        failures: stats[a]!.failed + stats[a]!.refused,
      })),
      [
        `÷ agent-sdk per round, median (min–max): p50 ${fmt.spread(p50)}, p95 ${fmt.spread(p95)}, CPU per echo ${fmt.spread(cpu)}.`,
        `${options.rounds} rounds × ${options.perRound} round trips per sender and agent, ${askers.length} senders at once (+${options.warmup} warm-up); each sender asks A,B then B,A.`,
        "A round trip is the sender's encrypt + publish, the agent's decrypt, handling and reply, and the sender's decrypt: the agents' share is a part of it.",
        "CPU per echo: process.cpuUsage() of the agent process over the round ÷ messages it handled (decrypt, pipeline, encrypt, publish).",
      ],
    );
    goals.ratioAtMost("added latency p50", p50, 1.05);
    goals.ratioAtMost("added latency p95", p95, 1.1);
  } finally {
    deliveries.close();
  }
}
