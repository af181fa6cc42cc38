import { performance } from "node:perf_hooks";
import type { HostStats } from "../agent-host/protocol.js";
import { type AgentProcess, spawnAgent } from "../agent-host/spawn-agent.js";
import { fmt } from "../lib/format.js";
import { mapLimit } from "../lib/map-limit.js";
import { printTable } from "../lib/table.js";
import { createUsers, disposeUsers } from "../lib/users.js";

export interface MemoryOptions {
  /** Messages each agent handles after warming up. */
  messages: number;
  /** Users sending them, each in its own group with both agents. */
  senders: number;
  /** How long to wait for the agents to handle everything. */
  timeoutMs: number;
}

/**
 * Scenario d: resident memory of an idle agent, once its conversations are open, and after it
 * has handled `messages` messages through the devnode, for agent-sdk and Switchboard (full
 * pipeline) side by side. Each sender has one group holding both agents, so one encrypted
 * message reaches both; each agent only counts what it gets (no replies), in its own process,
 * and memory is read after a forced garbage collection.
 *
 * @example
 * await memory({ messages: 10_000, senders: 20, timeoutMs: 600_000 });
 */
export async function memory(options: MemoryOptions): Promise<void> {
  const agents = [
    await spawnAgent("agent-sdk (baseline)", { framework: "agent-sdk", handler: "count" }),
    await spawnAgent("switchboard, full pipeline", {
      framework: "switchboard",
      middleware: "full",
      handler: "count",
    }),
  ];
  const users = await createUsers(options.senders);
  try {
    const idle = await snapshot(agents);
    const groups = await mapLimit(users, 4, (user) =>
      user.createGroup(agents.map((agent) => agent.address)),
    );
    await Promise.all(groups.map((group) => group.sendText("warm-up")));
    const warm = await Promise.all(
      agents.map((agent) => agent.waitForHandled(options.senders, 60_000)),
    );
    const warmMemory = await snapshot(agents);
    // The senders only write from here on; their own streams would just compete for the CPU.
    await Promise.all(users.map((user) => user.stop()));

    const started = performance.now();
    const perSender = Math.ceil(options.messages / options.senders);
    await Promise.all(
      groups.map(async (group, u) => {
        const count = Math.min(perSender, options.messages - u * perSender);
        for (let i = 0; i < count; i++) await group.sendText(`message ${i} from ${u}`);
      }),
    );
    const sentMs = performance.now() - started;
    const handledMs = await Promise.all(
      agents.map(async (agent, a) => {
        await agent.waitForHandled(warm[a]!.handled + options.messages, options.timeoutMs);
        return performance.now() - started;
      }),
    );
    const after = await snapshot(agents);

    const base = after[0]!;
    printTable(
      `d. Memory (RSS after GC): idle, warm, after ${fmt.int(options.messages)} handled messages`,
      agents.map((agent, a) => ({
        agent: agent.label,
        idle: fmt.mb(idle[a]!.memory.rss),
        [`warm (${options.senders} groups)`]: fmt.mb(warmMemory[a]!.memory.rss),
        [`after ${fmt.int(options.messages)}`]: fmt.mb(after[a]!.memory.rss),
        "Δ after − idle": fmt.signedMb(after[a]!.memory.rss - idle[a]!.memory.rss),
        "peak RSS": fmt.mb(after[a]!.memory.peakRss),
        "heap after": fmt.mb(after[a]!.memory.heapUsed),
        "heap Δ": fmt.signedMb(after[a]!.memory.heapUsed - idle[a]!.memory.heapUsed),
        "RSS after ÷ base": fmt.ratio(after[a]!.memory.rss, base.memory.rss),
        handled: fmt.int(after[a]!.handled),
        "handle rate": fmt.rate((options.messages / handledMs[a]!) * 1000),
        failures: after[a]!.failed + after[a]!.refused,
      })),
      [
        `${options.senders} senders, each in one group with both agents, sent ${fmt.int(options.messages)} texts in ${fmt.ms(sentMs)}; each agent counts them (no replies).`,
        "Each agent runs alone in its own Node process; memory is process.memoryUsage() after global.gc(), peak is resourceUsage().maxRSS.",
        "RSS includes libxmtp's native (Rust) memory, which the allocator returns to the OS when it likes: compare heap Δ for the JS side.",
        "Handle rate: messages / time from the first send until the agent had handled the last one.",
      ],
    );
  } finally {
    await Promise.all(agents.map((agent) => agent.stop()));
    await disposeUsers(users);
  }
}

function snapshot(agents: readonly AgentProcess[]): Promise<HostStats[]> {
  return Promise.all(agents.map((agent) => agent.stats({ gc: true })));
}
