import { type ChildProcess, fork } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import { waitFor } from "../../src/testing/wait-for.js";
import {
  type HostCommand,
  type HostOptions,
  type HostReport,
  type HostStats,
  hostReportSchema,
} from "./protocol.js";

/** `host.ts` compiled by `npm run bench` (`tsconfig.bench.json`): plain Node runs it. */
const HOST = fileURLToPath(new URL("../../dist-bench/bench/agent-host/host.js", import.meta.url));

/** Where and how an agent process runs, besides what it runs. */
export interface SpawnOptions {
  /** Its stdout and stderr are appended here, as PM2 does with an app's output. */
  logFile: string;
  /** With a directory, the process runs under `node --cpu-prof` and writes its profile there on exit. */
  cpuProfileDir?: string;
}
/** The benchmark's handle on an agent running in its own process. */
export interface AgentProcess {
  readonly label: string;
  readonly address: string;
  readonly inboxId: string;
  readonly logFile: string;
  /** Handled count and memory now; `gc` collects garbage first (the process runs with --expose-gc). */
  stats(options?: { gc?: boolean }): Promise<HostStats>;
  /** Resolves once the handler has finished `count` messages; rejects after `timeoutMs`. */
  waitForHandled(count: number, timeoutMs: number): Promise<HostStats>;
  stop(): Promise<void>;
}

/**
 * Starts an agent in a child process and resolves when its streams are up. It runs as a
 * deployed agent would: on plain Node (this one's binary, without tsx: its source maps and
 * transforms would sit in the measured heap), with `NODE_ENV=production`, and Switchboard from
 * its build (`dist/`).
 *
 * @example
 * const agent = await spawnAgent("agent-sdk", { framework: "agent-sdk" }, { logFile: "/tmp/sdk.log" });
 * const { memory } = await agent.stats({ gc: true });
 * await agent.stop();
 */
export async function spawnAgent(
  label: string,
  options: HostOptions,
  { logFile, cpuProfileDir }: SpawnOptions,
): Promise<AgentProcess> {
  const output = openSync(logFile, "a");
  const profiling = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = fork(HOST, [JSON.stringify(options)], {
    execArgv: ["--disable-warning=ExperimentalWarning", "--expose-gc", ...profiling],
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", output, output, "ipc"],
  });
  // The child holds its own copy of the descriptor.
  closeSync(output);
  const ready = await nextReport(child, "ready", 120_000, logFile);
  const stats = async ({ gc = false } = {}) => {
    const answer = nextReport(child, "stats", 30_000, logFile);
    send(child, { type: "stats", gc });
    return answer;
  };
  return {
    label,
    address: ready.address,
    inboxId: ready.inboxId,
    logFile,
    stats,
    waitForHandled: (count, timeoutMs) =>
      waitFor(
        async () => {
          const now = await stats();
          return now.handled >= count && now;
        },
        { timeoutMs, intervalMs: 200, description: `${label} to handle ${count} messages` },
      ),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      send(child, { type: "stop" });
      await exited;
    },
  };
}

function send(child: ChildProcess, command: HostCommand): void {
  child.send(command);
}

/** The next report of `type` from the agent process; a fatal report or an exit rejects. */
function nextReport<T extends HostReport["type"]>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  logFile: string,
): Promise<Extract<HostReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      cleanup();
      reject(
        new SwitchboardError(
          "SB_ERR_BENCH_FAILED",
          `agent process: ${message} (its output: ${logFile})`,
        ),
      );
    };
    const onMessage = (raw: unknown) => {
      // createAgent tells PM2 it is ready with this bare string; it is not for us.
      if (raw === "ready") return;
      const parsed = hostReportSchema.safeParse(raw);
      if (!parsed.success) return fail(`unreadable report ${JSON.stringify(raw)}`);
      if (parsed.data.type === "fatal") return fail(parsed.data.message);
      if (parsed.data.type !== type) return;
      cleanup();
      resolve(parsed.data as Extract<HostReport, { type: T }>);
    };
    const onExit = (code: number | null) => fail(`exited with code ${code}`);
    const timer = setTimeout(() => fail(`no "${type}" within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}
