import type { AgentDefinition } from "../src/index.js";
import { hello, membership, moderation, polls } from "../src/skills/index.js";
import { runIfMain } from "./run-if-main.js";

/** The default demo: every built-in skill in one agent. */
export function definition(): AgentDefinition {
  return {
    name: "all-in-one",
    // Token gating needs a chain to read: agents/gatekeeper.ts runs it with TOKEN_GATE_RPC_URL.
    skills: [
      hello({ intro: "I'm the Switchboard demo agent." }),
      polls(),
      moderation(),
      membership(),
    ],
  };
}

await runIfMain(import.meta.url, definition);
