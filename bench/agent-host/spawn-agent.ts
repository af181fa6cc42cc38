import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import { waitFor } from "../../src/testing/wait-for.js";
import {
  type HostCommand,
  type HostOptions,
  type HostReport,
  type HostStats,
  hostReportSchema,
} from "./protocol.js";

const HOST = fileURLToPath(new URL("./host.ts", import.meta.url));

/** Set `SWITCHBOARD_BENCH_LOG_DIR` to keep the Switchboard agents' log lines there, one file each. */
const logDirSchema = z.string().min(1).optional();

/** The benchmark's handle on an agent running in its own process. */
export interface AgentProcess {
  readonly label: string;
  readonly address: string;
  readonly inboxId: string;
  /** Handled count and memory now; `gc` collects garbage first (the process runs with --expose-gc). */
  stats(options?: { gc?: boolean }): Promise<HostStats>;
  /** Resolves once the handler has finished `count` messages; rejects after `timeoutMs`. */
  waitForHandled(count: number, timeoutMs: number): Promise<HostStats>;
  stop(): Promise<void>;
}

/**
 * Starts an agent in a child process (same Node and tsx loader as this one) and resolves when
 * its streams are up.
 *
 * @example
 * const agent = await spawnAgent("agent-sdk", { framework: "agent-sdk", handler: "echo" });
 * const { memory } = await agent.stats({ gc: true });
 * await agent.stop();
 */
export async function spawnAgent(label: string, options: HostOptions): Promise<AgentProcess> {
  const logDir = logDirSchema.parse(process.env.SWITCHBOARD_BENCH_LOG_DIR);
  const logFile = logDir && join(logDir, `${label.replace(/[^a-z0-9]+/gi, "-")}.log`);
  const child = fork(HOST, [JSON.stringify({ logFile, ...options })], {
    execArgv: [...process.execArgv, "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await nextReport(child, "ready", 60_000);
  const stats = async ({ gc = false } = {}) => {
    const answer = nextReport(child, "stats", 30_000);
    send(child, { type: "stats", gc });
    return answer;
  };
  return {
    label,
    address: ready.address,
    inboxId: ready.inboxId,
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
): Promise<Extract<HostReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      cleanup();
      reject(new SwitchboardError("SB_ERR_BENCH_FAILED", `agent process: ${message}`));
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
