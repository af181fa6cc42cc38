import type { AgentDefinition } from "../src/index.js";
import { membership, moderation } from "../src/skills/index.js";
import { runIfMain } from "./run-if-main.js";

/** Options for the moderator's two skills. */
export interface ModeratorOptions {
  moderation?: Parameters<typeof moderation>[0];
  membership?: Parameters<typeof membership>[0];
}

/**
 * The moderator agent: group rules with strikes and removals, plus member management and
 * greetings. For `runAgent`, tests (`TestAgent.start(moderatorOptions(...))`) and agents that
 * bundle several bots.
 *
 * @example
 * const bot = await TestAgent.start(moderatorOptions({ moderation: { strikeLimit: 2 } }));
 */
export function moderatorOptions(options: ModeratorOptions = {}): AgentDefinition {
  return {
    name: "moderator",
    skills: [moderation(options.moderation), membership(options.membership)],
    middleware: [],
  };
}

/** For the chat and PM2 (see `runIfMain`): the moderator with its default options. */
export function definition(): AgentDefinition {
  return moderatorOptions();
}

// `tsx agents/moderator.ts` runs the bot; importing this file only builds options.
await runIfMain(import.meta.url, definition);
