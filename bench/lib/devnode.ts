import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { DEVNODE_PORT } from "../../src/devnode/devnode.js";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import { isDevnodeRunning } from "../../src/testing/devnode-probe.js";

const DEVNODE_PROCESS = fileURLToPath(new URL("./devnode-process.ts", import.meta.url));

/** The devnode a benchmark runs against, and how it got there. */
export interface BenchDevnode {
  /** For the environment table: "reused" or "started", with the address. */
  description: string;
  /** Stops the devnode if this run started it; a reused one is left alone. */
  stop(): Promise<void>;
}

/**
 * Reuses the devnode answering on 127.0.0.1:5556 (the only port `env: "local"` clients dial),
 * or starts an in-memory one there, in a child process of its own, for the length of the run.
 *
 * @example
 * const devnode = await ensureDevnode();
 * try { await runScenarios(); } finally { await devnode.stop(); }
 */
export async function ensureDevnode(): Promise<BenchDevnode> {
  const where = `127.0.0.1:${DEVNODE_PORT}`;
  if (await isDevnodeRunning(DEVNODE_PORT)) {
    return { description: `reused, already running on ${where}`, stop: async () => {} };
  }
  const child = fork(DEVNODE_PROCESS, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [message] = await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => {
      throw new SwitchboardError("SB_ERR_BENCH_FAILED", `devnode process exited with ${code}`);
    }),
  ]);
  if (message !== "ready") {
    child.kill();
    throw new SwitchboardError("SB_ERR_BENCH_FAILED", `devnode process said ${String(message)}`);
  }
  return {
    description: `started in its own process (pid ${child.pid}) on ${where}, in memory`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.send("stop");
      await exited;
    },
  };
}
