import { performance } from "node:perf_hooks";
import type { HostStats } from "../agent-host/protocol.js";
import { type AgentPair, cpuPerMessage, type Senders, statsOf } from "../lib/agent-pair.js";
import { fmt } from "../lib/format.js";
import type { Goals } from "../lib/goals.js";
import { mapLimit } from "../lib/map-limit.js";
import { spreadOf } from "../lib/stats.js";
import { printTable } from "../lib/table.js";

export interface MemoryOptions {
  /** Messages each agent handles after warming up, over all rounds. */
  messages: number;
  /** Rounds the messages are split into; each gives one CPU-per-message ratio. */
  rounds: number;
  /** Senders, each in its own group with both agents. */
  senders: number;
  /** How long to wait for the agents to handle one round. */
  timeoutMs: number;
}

/** RSS may grow this much more than the bare agent's and still count as "no growth". */
const GROWTH_TOLERANCE = 5 * 1024 * 1024;

/**
 * Scenario d: CPU per message and memory. Each sender has one group holding both agents, so one
 * encrypted message reaches both at the same moment and both only count it (no reply): the
 * agents do the same work under the same load. Each round yields one CPU-per-message ratio;
 * memory is read after a forced GC at idle (`idle`, taken when the agents had just started),
 * once the groups are warm, and after every message. Stops the senders' streams (they only
 * write from here on), so it runs last.
 *
 * @example
 * await memory(agents, senders, idle, { messages: 10_000, rounds: 5, senders: 40, timeoutMs: 600_000 }, goals);
 */
export async function memory(
  agents: AgentPair,
  { users }: Senders,
  idle: readonly HostStats[],
  options: MemoryOptions,
  goals: Goals,
): Promise<void> {
  const senders = users.slice(0, options.senders);
  const groups = await mapLimit(senders, 4, (user) =>
    user.createGroup(agents.map((agent) => agent.address)),
  );
  const start = await statsOf(agents);
  await Promise.all(groups.map((group, u) => group.sendText(`count: warm-up ${u}`)));
  await Promise.all(
    agents.map((agent, a) => agent.waitForHandled(start[a]!.handled + senders.length, 120_000)),
  );
  const warm = await statsOf(agents, true);
  // Their own streams would only compete with the agents for the CPU.
  await Promise.all(senders.map((user) => user.stop()));

  const perRound = Math.ceil(options.messages / options.rounds);
  const cpu: number[][] = [[], []];
  const rates: number[][] = [[], []];
  let sent = 0;
  for (let round = 0; round < options.rounds; round++) {
    const count = Math.min(perRound, options.messages - sent);
    const before = await statsOf(agents);
    const started = performance.now();
    await mapLimit(groups, groups.length, async (group, u) => {
      for (let i = u; i < count; i += groups.length) await group.sendText(`count: ${round}/${i}`);
    });
    const handledMs = await Promise.all(
      agents.map(async (agent, a) => {
        await agent.waitForHandled(before[a]!.handled + count, options.timeoutMs);
        return performance.now() - started;
      }),
    );
    const after = await statsOf(agents);
    const cpuNow = cpuPerMessage(before, after);
    for (const a of [0, 1]) {
      cpu[a]!.push(cpuNow[a]!);
      rates[a]!.push((count / handledMs[a]!) * 1000);
    }
    sent += count;
  }
  const after = await statsOf(agents, true);

  const growth = after.map((stats, a) => stats.memory.rss - warm[a]!.memory.rss);
  const cpuRatio = spreadOf(cpu[1]!.map((value, round) => value / cpu[0]![round]!));
  printTable(
    `d. CPU per message and memory (RSS and heap after GC), ${fmt.int(sent)} messages in ${options.rounds} rounds`,
    agents.map((agent, a) => ({
      agent: agent.label,
      "CPU per message": fmt.spread(spreadOf(cpu[a]!), fmt.micros),
      "heap idle": fmt.mb(idle[a]!.memory.heapUsed),
      "RSS idle": fmt.mb(idle[a]!.memory.rss),
      [`RSS warm (${senders.length} groups)`]: fmt.mb(warm[a]!.memory.rss),
      [`RSS after ${fmt.int(sent)}`]: fmt.mb(after[a]!.memory.rss),
      "RSS growth": fmt.signedMb(growth[a]!),
      "heap after (Δ warm)": `${fmt.mb(after[a]!.memory.heapUsed)} (${fmt.signedMb(after[a]!.memory.heapUsed - warm[a]!.memory.heapUsed)})`,
      "peak RSS": fmt.mb(after[a]!.memory.peakRss),
      "handle rate": fmt.spread(spreadOf(rates[a]!), fmt.rate),
      failures: after[a]!.failed + after[a]!.refused,
    })),
    [
      `CPU per message ÷ agent-sdk per round, median (min–max): ${fmt.spread(cpuRatio)}.`,
      `${senders.length} senders, each in one group with both agents; each agent counts every message (no reply). CPU: process.cpuUsage() of the agent process over the round ÷ messages it handled.`,
      "Idle: just after start, before any conversation. Growth: RSS after the last round − RSS once the groups were warm. Memory is read after global.gc().",
      "RSS includes libxmtp's native (Rust) memory, which the allocator returns to the OS when it likes: the heap columns are the JS side.",
    ],
  );
  const ratioOf = (pick: (stats: HostStats) => number, of: readonly HostStats[]) =>
    spreadOf([pick(of[1]!) / pick(of[0]!)]);
  goals.ratioAtMost("CPU per message (receive, no reply)", cpuRatio, 1.05);
  goals.ratioAtMost(
    "heap idle",
    ratioOf((s) => s.memory.heapUsed, idle),
    1.15,
    "one reading",
  );
  goals.ratioAtMost(
    `RSS after ${fmt.int(sent)} messages`,
    ratioOf((s) => s.memory.rss, after),
    1.1,
    "one reading",
  );
  const extra = growth[1]! - Math.max(growth[0]!, 0);
  goals.add({
    goal: "RSS growth over the messages",
    target: `≤ agent-sdk's + ${fmt.mb(GROWTH_TOLERANCE)}`,
    measured: spreadOf([growth[1]!]),
    format: fmt.signedMb,
    met: extra <= GROWTH_TOLERANCE,
    note: `agent-sdk: ${fmt.signedMb(growth[0]!)}`,
  });
}
