import type { CreateAgentOptions } from "./create-agent.js";

/**
 * What an agent module exports for the tools that run it (`runAgent`, the chat, the
 * playground, PM2, `TestAgent`): everything `createAgent` needs except where configuration and
 * logs come from, which each tool decides.
 *
 * @example
 * export function definition(): AgentDefinition {
 *   return { name: "pollbot", skills: [polls()] };
 * }
 */
export type AgentDefinition = Omit<CreateAgentOptions, "config" | "logDestination">;
