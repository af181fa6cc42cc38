/**
 * `switchboard/skills`: the built-in skills.
 *
 * @example
 * import { createAgent } from "switchboard";
 * import { hello, polls } from "switchboard/skills";
 * const agent = await createAgent({ name: "pollbot", skills: [hello(), polls()] });
 */
export {
  ASSISTANT_REPLIES,
  type AssistantConfig,
  type AssistantOptions,
  assistant,
  assistantFromConfig,
  assistantModelFromConfig,
} from "./assistant/index.js";
export { hello } from "./hello/index.js";
export { membership } from "./membership/index.js";
export { type ModerationConfig, moderation } from "./moderation/index.js";
export { type PollsConfig, type PollsOptions, polls } from "./polls/index.js";
export { type TokenGateOptions, tokenGate } from "./token-gate/index.js";
