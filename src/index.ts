/**
 * `switchboard`: build autonomous agents on XMTP.
 *
 * @example
 * import { createAgent, defineCommand } from "switchboard";
 * const ping = defineCommand({ name: "ping", description: "Answers pong" });
 * const agent = await createAgent({ name: "ping-bot" });
 * agent.command(ping, (_args, ctx) => ctx.reply("pong"));
 * await agent.start();
 */

// Layering: this entry never imports the built-in skills, the test kit, the devnode, the chat
// or the playground; those have their own entries (`switchboard/skills`, `/testing`, `/devnode`).

// Filters
export * from "../middleware/filters/index.js";
// Built-in middleware
export {
  type OutboundPacer,
  type OutboundPacingOptions,
  outboundPacing,
} from "../middleware/outbound-pacing/index.js";
export { type RateLimitOptions, rateLimit } from "../middleware/rate-limit/index.js";
export {
  createTelemetry,
  type Telemetry,
  type TelemetryOptions,
} from "../middleware/telemetry/index.js";
// Agent
export { Agent, type AgentEventName } from "./agent/agent.js";
export type { AgentDefinition } from "./agent/agent-definition.js";
export type { BuiltinOptions } from "./agent/builtin-middleware.js";
export { type ContentCodecs, type CreateAgentOptions, createAgent } from "./agent/create-agent.js";
export { runAgent } from "./agent/run-agent.js";
// Commands
export {
  type Command,
  type CommandArgs,
  type CommandSpec,
  defineCommand,
} from "./commands/define-command.js";
export {
  type CommandLine,
  type ParseCommandLineOptions,
  parseCommandLine,
} from "./commands/parse-command.js";
export { type CommandArgsResult, parseCommandArgs } from "./commands/parse-command-args.js";
export { commandSignature, type UsageOptions, usage } from "./commands/usage.js";
export { compose } from "./compose/compose.js";
export type { Middleware, MiddlewareFn, Next } from "./compose/middleware.js";
// Configuration
export {
  configSchema,
  type LoadConfigOptions,
  loadConfig,
  type SwitchboardConfig,
  secretConfigKeys,
} from "./config/index.js";
export type { RateRule } from "./config/rate-rule.js";
// Errors
export {
  type ErrorCode,
  type ErrorContext,
  errorCodes,
  isSwitchboardError,
  SwitchboardError,
  type SwitchboardErrorOptions,
} from "./errors/index.js";
export type {
  CommandDirectory,
  CommandInfo,
  CommandRunResult,
} from "./runtime/command-directory.js";
// Context and events
export {
  type ActionButton,
  type ContentEncoder,
  Context,
  type ContextVariables,
  type EventOutcome,
  type SendActionsOptions,
} from "./runtime/context.js";
export type {
  EventName,
  EventSource,
  MessageContentByEvent,
  MessageEventName,
  SkillSettled,
} from "./runtime/events.js";
export type { GroupChangeName, GroupChanges } from "./runtime/group-changes.js";
export type { Hook, HookName } from "./runtime/lifecycle-hooks.js";
export type { OutboundGate, OutboundKind, OutboundOperation } from "./runtime/outbound-gate.js";
export type { RuntimeEvents, SettledEvent, SwitchboardRuntime } from "./runtime/runtime.js";
// Skills and composition
export {
  type ActionHandler,
  type ActionTap,
  Composer,
  type EventHandler,
  type GroupChangeHandler,
  type RegisteredCommand,
  type SkillCommandHandler,
} from "./skill/composer.js";
export {
  defineSkill,
  Skill,
  SkillBuilder,
  type SkillDefinition,
  type SkillServices,
} from "./skill/skill.js";
// Stores
export {
  createMemoryStore,
  createRedisStore,
  createSqliteStore,
  type Json,
  namespaced,
  type RedisStoreOptions,
  type SqliteStoreOptions,
  type Store,
  type StoreEntry,
  StoreError,
  type StoreErrorCode,
  type WriteOptions,
} from "./store/index.js";
// XMTP constants (node-sdk's own are const enums, unusable under type stripping)
export {
  ActionStyle,
  ConsentState,
  IdentifierKind,
  ReactionAction,
  ReactionSchema,
} from "./xmtp/enums.js";
