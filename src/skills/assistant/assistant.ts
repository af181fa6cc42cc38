import type { Context } from "../../index.js";
import { defineSkill } from "../../index.js";
import { answerRequest } from "./answer-request.js";
import { assistantConfigSchema } from "./assistant-config.js";
import { addressedText } from "./is-addressed.js";

/**
 * Plain-language requests, answered through the agent's own commands. A DM that is not a
 * command, or a group message that mentions the agent (`@name`, or its address) or replies to
 * one of its messages, goes to the model, whose tools are the commands this sender may use
 * here. Each tool call runs exactly as the typed command would (permission check, validation,
 * the skill's error boundary, the outbound gate); the model's final text is a quoted reply.
 *
 * Put it after the skills whose commands it should offer, in an agent without `hello` (which
 * answers plain DM text itself).
 *
 * @example
 * const model = createOpenAICompatible({ name: "ollama", baseURL: "http://127.0.0.1:11434/v1" })
 *   .chatModel("qwen2.5:7b");
 * const skills = [polls(), membership(), assistant({ model, names: ["pollbot"] })];
 */
export const assistant = defineSkill({
  name: "assistant",
  description:
    "Understands plain requests (a DM, or @mention me in a group) and acts through my commands",
  config: assistantConfigSchema,
  setup(skill, config) {
    const handle = async (ctx: Context) => {
      const request = addressedText(ctx, config);
      if (request !== undefined) await answerRequest(ctx, request, config);
    };
    skill.on("text", handle);
    skill.on("markdown", handle);
    skill.on("reply", handle);
  },
});
