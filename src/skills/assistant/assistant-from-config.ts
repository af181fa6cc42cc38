import type { LanguageModel } from "ai";
import type { Skill, SwitchboardConfig } from "../../index.js";
import { SwitchboardError } from "../../index.js";
import { assistant } from "./assistant.js";
import type { AssistantOptions } from "./assistant-config.js";

/**
 * The model the configuration names: an OpenAI-compatible chat-completions server (Ollama,
 * vLLM, LM Studio...) at `SWITCHBOARD_ASSISTANT_BASE_URL`, or undefined when none is set.
 *
 * @throws {@link SwitchboardError} `SB_ERR_CONFIG_INVALID` when the URL is set without a model.
 * The provider package is imported only then, so agents without an assistant never load it.
 *
 * @example
 * const model = await assistantModelFromConfig(loadConfig());
 */
export async function assistantModelFromConfig(
  config: SwitchboardConfig,
): Promise<LanguageModel | undefined> {
  const baseURL = config.SWITCHBOARD_ASSISTANT_BASE_URL;
  if (!baseURL) return undefined;
  const modelId = config.SWITCHBOARD_ASSISTANT_MODEL;
  if (!modelId) {
    throw new SwitchboardError(
      "SB_ERR_CONFIG_INVALID",
      "SWITCHBOARD_ASSISTANT_MODEL is required when SWITCHBOARD_ASSISTANT_BASE_URL is set",
      { context: [{ variable: "SWITCHBOARD_ASSISTANT_MODEL", reason: "required" }] },
    );
  }
  const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
  const provider = createOpenAICompatible({
    name: "assistant",
    baseURL,
    apiKey: config.SWITCHBOARD_ASSISTANT_API_KEY,
  });
  return provider.chatModel(modelId);
}

/**
 * The assistant skill as the configuration sets it up, or undefined when no model is
 * configured: the assistant is off unless `SWITCHBOARD_ASSISTANT_BASE_URL` is set. Variables
 * that are set win over `options`.
 *
 * @example
 * const helper = await assistantFromConfig(config, { names: ["helper"] });
 * const skills = [polls(), ...(helper ? [helper] : [])];
 */
export async function assistantFromConfig(
  config: SwitchboardConfig,
  options: Omit<AssistantOptions, "model"> = {},
): Promise<Skill | undefined> {
  const model = await assistantModelFromConfig(config);
  if (!model) return undefined;
  return assistant({
    ...options,
    model,
    maxSteps: config.SWITCHBOARD_ASSISTANT_MAX_STEPS ?? options.maxSteps,
    timeoutMs: config.SWITCHBOARD_ASSISTANT_TIMEOUT_MS ?? options.timeoutMs,
    maxTokensPerMessage:
      config.SWITCHBOARD_ASSISTANT_MAX_TOKENS_PER_MESSAGE ?? options.maxTokensPerMessage,
    senderBudget: config.SWITCHBOARD_ASSISTANT_SENDER_BUDGET ?? options.senderBudget,
    names: config.SWITCHBOARD_ASSISTANT_NAMES ?? options.names,
  });
}
