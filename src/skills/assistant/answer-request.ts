import type { ModelMessage, ToolSet } from "ai";
import type { CommandInfo, Context, Json } from "../../index.js";
import type { AssistantConfig } from "./assistant-config.js";
import { commandTool } from "./command-tools.js";
import { conversationMemory } from "./conversation-memory.js";
import { runTool } from "./run-tool.js";
import { SenderBudget } from "./sender-budget.js";
import { type JournaledCall, type Turn, TurnJournal } from "./turn-journal.js";

/** The answers the agent gives when the model cannot. */
export const ASSISTANT_REPLIES = {
  apology: "Sorry, I couldn't work that out just now. Please try again, or type /help.",
  senderBudget:
    "You've reached my limit for plain-language requests for now. Commands still work: type /help.",
  messageBudget:
    "Sorry, that request took more work than I may spend on one message. Try a simpler one.",
  stepLimit:
    "Sorry, I ran out of steps before finishing. Here is where it stands; type /help for the commands.",
  interrupted:
    "This call was interrupted by a restart and was not repeated; it may or may not have taken effect. Check before calling it again.",
} as const;

interface Turning {
  ctx: Context;
  config: AssistantConfig;
  journal: TurnJournal;
  budget: SenderBudget;
  messageId: string;
  sender: string;
  turn: Turn;
}

/**
 * Answers one plain-language request: asks the model with the agent's commands as tools (those
 * this sender may use here), runs the tool calls it makes through `ctx.commands`, feeds their
 * outcomes back, and replies with the model's final text, quoted. Bounded by steps, tokens per
 * message and per sender, and a timeout per model call; a failing model gets an apology, never
 * a crash.
 *
 * Every step is journaled by inbound message id, so a message replayed after a crash resumes:
 * tool calls that ran are not run again, and once the answer is decided the model is not asked
 * again (the answer is re-sent at most once, by `ctx.reply`'s own check).
 *
 * @example
 * await answerRequest(ctx, "start a poll about lunch: pizza or sushi", config);
 */
export async function answerRequest(
  ctx: Context,
  request: string,
  config: AssistantConfig,
): Promise<void> {
  const messageId = ctx.message?.id;
  const sender = ctx.senderInboxId;
  if (!messageId || !sender) return;
  const journal = new TurnJournal(ctx.store);
  const turn = await journal.load(messageId);
  const turning: Turning = {
    ctx,
    config,
    journal,
    budget: new SenderBudget(ctx.store, config.senderBudget),
    messageId,
    sender,
    turn,
  };
  if (turn.answer === undefined) {
    turn.answer = await decideAnswer(turning, request);
    await journal.save(messageId, turn);
    ctx.log.info({ steps: turn.steps, tokens: turn.tokens }, "assistant answered");
  } else {
    ctx.log.info({ steps: turn.steps }, "request answered before a restart; no model call");
  }
  await ctx.reply(turn.answer);
}

async function decideAnswer(turning: Turning, request: string): Promise<string> {
  const { ctx, budget, sender, turn } = turning;
  if (turn.steps === 0 && !(await budget.allows(sender))) {
    ctx.log.info({ sender }, "sender's assistant budget used up");
    return ASSISTANT_REPLIES.senderBudget;
  }
  try {
    return await runSteps(turning, request);
  } catch (error) {
    ctx.log.warn(
      { err: error, code: "SB_ERR_ASSISTANT_MODEL", steps: turn.steps },
      "assistant model call failed; apologising",
    );
    return ASSISTANT_REPLIES.apology;
  }
}

async function runSteps(turning: Turning, request: string): Promise<string> {
  const { ctx, config, turn } = turning;
  // Loaded on first use: agents without an assistant never pay for the AI SDK's import.
  const ai = await import("ai");
  const offered = new Map((await ctx.commands.available(ctx)).map((info) => [info.name, info]));
  const history = await conversationMemory(ctx, config.history);
  const tools = toolSet(ai, [...offered.values()]);
  for (;;) {
    await finishToolCalls(turning, offered);
    if (turn.tokens >= config.maxTokensPerMessage) return ASSISTANT_REPLIES.messageBudget;
    const last = turn.steps >= config.maxSteps - 1;
    const result = await ai.generateText({
      model: config.model,
      system: systemPrompt(ctx, config),
      messages: [
        ...history,
        { role: "user", content: request },
        ...(turn.transcript as unknown as ModelMessage[]),
      ],
      tools: offered.size > 0 ? tools : undefined,
      toolChoice: last ? "none" : "auto",
      maxOutputTokens: config.maxOutputTokens,
      maxRetries: config.maxRetries,
      abortSignal: AbortSignal.timeout(config.timeoutMs),
    });
    const tokens = result.usage.totalTokens ?? 0;
    turn.steps += 1;
    turn.tokens += tokens;
    await turning.budget.spend(turning.sender, tokens);
    const calls = toolCallsOf(ai, result.toolCalls);
    ctx.log.debug({ step: turn.steps, tokens, toolCalls: calls.length }, "assistant step");
    if (calls.length === 0) return result.text.trim() || "Done.";
    if (last) return [ASSISTANT_REPLIES.stepLimit, result.text.trim()].filter(Boolean).join("\n");
    turn.transcript.push(assistantMessage(result.text, calls));
    turn.calls = calls;
    turn.started = [];
    turn.outcomes = {};
    await turning.journal.save(turning.messageId, turn);
  }
}

/**
 * Runs the tool calls of the transcript's last step that have no outcome yet, journaling
 * each before and after, then appends their results. A call journaled as started without an
 * outcome was cut off by a crash: it is reported as interrupted, not run a second time.
 */
async function finishToolCalls(turning: Turning, offered: ReadonlyMap<string, CommandInfo>) {
  const { ctx, turn, journal, messageId } = turning;
  const calls = turn.calls;
  if (calls.length === 0) return;
  // Journaled by position in the step: models may repeat or omit call ids.
  for (const [index, call] of calls.entries()) {
    const key = String(index);
    if (turn.outcomes[key]) continue;
    if (turn.started.includes(key)) {
      ctx.log.warn({ tool: call.toolName }, "tool call interrupted by a restart; not repeated");
      turn.outcomes[key] = { ok: false, text: ASSISTANT_REPLIES.interrupted };
    } else {
      turn.started.push(key);
      await journal.save(messageId, turn);
      turn.outcomes[key] = await runTool(ctx, offered, call);
    }
    await journal.save(messageId, turn);
  }
  turn.transcript.push(toolMessage(calls, turn));
  turn.calls = [];
  turn.started = [];
  turn.outcomes = {};
  await journal.save(messageId, turn);
}

function assistantMessage(text: string, calls: readonly JournaledCall[]): Json {
  return {
    role: "assistant",
    content: [
      ...(text.trim() ? [{ type: "text", text }] : []),
      ...calls.map((call) => ({
        type: "tool-call",
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: call.input ?? {},
      })),
    ],
  };
}

function toolMessage(calls: readonly JournaledCall[], turn: Turn): Json {
  return {
    role: "tool",
    content: calls.map((call, index) => {
      const outcome = turn.outcomes[String(index)]!;
      return {
        type: "tool-result",
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        output: { type: outcome.ok ? "text" : "error-text", value: outcome.text },
      };
    }),
  };
}

type Ai = typeof import("ai");

function toolSet(ai: Ai, commands: readonly CommandInfo[]): ToolSet {
  const tools: ToolSet = {};
  for (const info of commands) {
    const { name, description, inputSchema } = commandTool(info);
    tools[name] = ai.tool({ description, inputSchema: ai.jsonSchema(inputSchema) });
  }
  return tools;
}

function systemPrompt(ctx: Context, config: AssistantConfig): string {
  const where = ctx.isGroup() ? "a group conversation" : "a direct message";
  return `${config.instructions}\n\nThis is ${where}. The person asking has inbox id ${ctx.senderInboxId}.`;
}

/**
 * Every tool call of a step, the refused ones included: the SDK marks a call `invalid` when its
 * JSON does not parse or it names a tool not offered. Bad JSON is fed back to the model as an
 * error; an unoffered name still goes to `ctx.commands`, whose own check refuses it.
 */
function toolCallsOf(ai: Ai, calls: readonly ToolCallPart[]): JournaledCall[] {
  return calls.map((call) => {
    const badJson = call.invalid === true && ai.InvalidToolInputError.isInstance(call.error);
    const cause = badJson ? (call.error as Error).cause : undefined;
    return {
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      input: call.input as Json,
      ...(badJson ? { inputError: firstLine(getErrorMessage(cause)) } : {}),
    };
  });
}

type ToolCallPart = {
  toolCallId: string;
  toolName: string;
  input: unknown;
  invalid?: boolean;
  error?: unknown;
};

const firstLine = (text: string) => text.split("\n")[0]!.slice(0, 200);

const getErrorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error ?? "unknown error");
