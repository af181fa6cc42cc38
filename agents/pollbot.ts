import type { AgentDefinition } from "../src/index.js";
import { type PollsOptions, polls } from "../src/skills/index.js";
import { runIfMain } from "./run-if-main.js";

/**
 * The poll bot: the polls skill alone. Tests start it with `TestAgent.start(definition())`;
 * `tsx agents/pollbot.ts` (or PM2) runs it with configuration from the environment.
 *
 * @example
 * const bot = await TestAgent.start(definition({ polls: { maxOptions: 6 } }));
 */
export function definition(options: { polls?: PollsOptions } = {}): AgentDefinition {
  return { name: "pollbot", skills: [polls(options.polls)], middleware: [] };
}

await runIfMain(import.meta.url, definition);
