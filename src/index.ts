// Minimal entry point written by the packaging branch so the package can be built and tested;
// the `api` branch owns the real public surface of `switchboard` and replaces this file.
export {
  type CreateAgentOptions,
  createAgent,
  type SwitchboardAgent,
} from "./agent/create-agent.js";
export { runAgent } from "./agent/run-agent.js";
export type { AgentDefinition } from "./chat/demo-environment.js";
export {
  type Command,
  type CommandArgs,
  type CommandHandler,
  defineCommand,
} from "./commands/index.js";
export { isSwitchboardError, SwitchboardError } from "./errors/index.js";
export type { Context } from "./runtime/context.js";
export { defineSkill, type Skill, type SkillDefinition } from "./skill/skill.js";
export {
  createMemoryStore,
  createRedisStore,
  createSqliteStore,
  type Store,
} from "./store/index.js";
