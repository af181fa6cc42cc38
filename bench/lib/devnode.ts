import pino from "pino";
import { DEVNODE_PORT, startDevnode } from "../../src/devnode/devnode.js";
import { isDevnodeRunning } from "../../src/testing/devnode-probe.js";

/** The devnode a benchmark runs against, and how it got there. */
export interface BenchDevnode {
  /** For the environment table: "reused" or "started in memory", with the address. */
  description: string;
  /** Stops the devnode if this run started it; a reused one is left alone. */
  stop(): Promise<void>;
}

/**
 * Reuses the devnode answering on 127.0.0.1:5556 (the only port `env: "local"` clients dial),
 * or starts an in-memory one there for the length of the run.
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
  const node = await startDevnode({
    port: DEVNODE_PORT,
    logger: pino({ name: "devnode", level: "warn" }),
  });
  return { description: `started in memory by this run on ${where}`, stop: () => node.stop() };
}
