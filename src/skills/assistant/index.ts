export { ASSISTANT_REPLIES, answerRequest } from "./answer-request.js";
export { assistant } from "./assistant.js";
export {
  type AssistantConfig,
  type AssistantOptions,
  assistantConfigSchema,
} from "./assistant-config.js";
export { assistantFromConfig, assistantModelFromConfig } from "./assistant-from-config.js";
export { type CommandTool, commandTool, looseArgs, toolArgs } from "./command-tools.js";
