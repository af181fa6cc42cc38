/**
 * The agent process: one agent (agent-sdk or Switchboard) in a process of its own, so its
 * CPU time and memory are not mixed with the simulated senders'. Started by `spawnAgent` on
 * plain Node, it reports `ready`, answers `stats` and exits on `stop` or when the benchmark
 * goes away. It loads nothing but the agent it measures: its few messages from the benchmark
 * are checked by hand here (`host-messages.ts`), not with zod, which the bare agent-sdk agent
 * does not load; the benchmark checks every report with zod.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchHandler, type HandlerCounters } from "./bench-handler.js";
import { parseHostCommand, parseHostOptions } from "./host-messages.js";
import type { HostReport } from "./protocol.js";
import type { RunningAgent } from "./running-agent.js";

const report = (message: HostReport) => process.send?.(message);

async function main(): Promise<void> {
  const options = parseHostOptions(process.argv[2] ?? "{}");
  const counters: HandlerCounters = { handled: 0, failed: 0, refused: 0 };
  const handle = benchHandler(counters);
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-bench-agent-"));
  // Imported on demand: the agent-sdk process must not carry Switchboard's modules in its RSS.
  const agent: RunningAgent =
    options.framework === "agent-sdk"
      ? await (await import("./sdk-agent.js")).startSdkAgent(dataDir, handle, counters)
      : await (await import("./switchboard-agent.js")).startSwitchboardAgent(
          dataDir,
          options,
          handle,
          counters,
        );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await agent.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("disconnect", () => void shutdown());
  process.on("message", (raw) => {
    const command = parseHostCommand(raw);
    if (command.type === "stop") {
      void shutdown();
      return;
    }
    if (command.gc) globalThis.gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const cpu = process.cpuUsage();
    report({
      type: "stats",
      ...counters,
      cpuMicros: cpu.user + cpu.system,
      memory: { rss, peakRss, heapUsed, external },
    });
  });
  report({ type: "ready", address: agent.address, inboxId: agent.inboxId });
}

main().catch((error: unknown) => {
  report({ type: "fatal", message: (error as Error)?.stack ?? String(error) });
  process.exit(1);
});
