import type { LanguageModel } from "ai";
import { z } from "zod";

const DEFAULT_INSTRUCTIONS = [
  "You are a helpful agent in an XMTP conversation.",
  "You act only through the tools you are given; each tool is one of your chat commands.",
  "When a tool answers with an error, explain it to the user in one or two sentences; never claim an action worked unless its tool said so.",
  "Answer briefly, in plain text.",
].join(" ");

const positiveInt = z.number().int().positive();

/**
 * Options of the assistant skill. `model` is any AI SDK language model (a local server through
 * `@ai-sdk/openai-compatible`, or a hosted provider's package); see `assistantFromConfig` for
 * one built from the environment.
 *
 * @example
 * assistant({ model, instructions: "You run lunch polls.", names: ["lunchbot"], maxSteps: 3 });
 */
export const assistantConfigSchema = z.object({
  model: z.custom<LanguageModel>(
    (value) => typeof value === "string" || (typeof value === "object" && value !== null),
    "expected an AI SDK language model",
  ),
  /** The system prompt; the agent's commands are offered as tools on top of it. */
  instructions: z.string().min(1).max(20_000).default(DEFAULT_INSTRUCTIONS),
  /** Handles that address the agent in groups (`@handle`); its address always does. */
  names: z.array(z.string().regex(/^@?[\w.-]{1,64}$/)).default([]),
  /** The command prefix the router uses: such text is a command, not a request. */
  prefix: z.string().min(1).max(3).default("/"),
  /** Model calls per message, tool rounds included; the last one may not call tools. */
  maxSteps: positiveInt.max(20).default(5),
  /** How long one model call may take before the apology. */
  timeoutMs: positiveInt.max(600_000).default(60_000),
  /** Output tokens per model call. */
  maxOutputTokens: positiveInt.default(1_024),
  /** Tokens (input and output) one message may use across its steps. */
  maxTokensPerMessage: positiveInt.default(50_000),
  /** Tokens one sender may use per window, counted in the store across replicas. */
  senderBudget: z
    .object({ points: positiveInt, durationMs: positiveInt })
    .default({ points: 200_000, durationMs: 3_600_000 }),
  /** Earlier messages of the conversation shown to the model, by count and by characters. */
  history: z
    .object({ messages: z.number().int().min(0).max(200), chars: positiveInt.max(200_000) })
    .default({ messages: 20, chars: 8_000 }),
  /** Retries of a failed model call (network errors, 5xx) within the timeout. */
  maxRetries: z.number().int().min(0).max(5).default(1),
});

export type AssistantConfig = z.output<typeof assistantConfigSchema>;
export type AssistantOptions = z.input<typeof assistantConfigSchema>;
