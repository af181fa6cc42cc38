import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runAgent } from "../src/agent/run-agent.js";
import type { AgentDefinition } from "../src/chat/demo-environment.js";

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
