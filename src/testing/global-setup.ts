import pino from "pino";
import { DEVNODE_PORT, startDevnode } from "../devnode/devnode.js";
import { isDevnodeRunning } from "./devnode-probe.js";

/**
 * Vitest globalSetup: makes sure a devnode answers on port 5556 for the whole run, starting an
 * in-memory one unless one is already running (test files share it: identities are random).
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ["switchboard/testing/global-setup"] } });
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (await isDevnodeRunning(DEVNODE_PORT)) return async () => {};
  const node = await startDevnode({
    port: DEVNODE_PORT,
    logger: pino({ name: "devnode", level: process.env.DEVNODE_LOG_LEVEL ?? "warn" }),
  });
  return () => node.stop();
}
