import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AgentDefinition } from "../src/index.js";
import { runAgent } from "../src/index.js";

/**
 * Starts the agent when its file is the process entry point (`tsx agents/x.ts`, PM2), and does
 * nothing when it is imported (tests, the chat, the all-in-one agent).
 */
export async function runIfMain(
  moduleUrl: string,
  definition: () => AgentDefinition,
): Promise<void> {
  // PM2 loads the file from its own container script; it names the real entry in pm_exec_path.
  const entry = process.env.pm_exec_path ?? process.argv[1];
  if (!entry || realpathSync(entry) !== realpathSync(fileURLToPath(moduleUrl))) return;
  await runAgent(definition());
}
