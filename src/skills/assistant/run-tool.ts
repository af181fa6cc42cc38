import type { CommandInfo, Context } from "../../index.js";
import { usage } from "../../index.js";
import { looseArgs, toolArgs } from "./command-tools.js";
import type { JournaledCall, ToolOutcome } from "./turn-journal.js";

/** Longest argument shown in the log line of a tool call. */
const LOGGED_ARG_CHARS = 80;

/**
 * Runs one tool call as the command it names, through `ctx.commands.run`: the same
 * permission check, validation, skill middleware, error boundary and outbound gate as the
 * typed command. A command the model was not offered still goes there, so a refusal is the
 * command's own ("Only group admins can use /remove."), never the model's say-so. The outcome
 * is what the command sent into the conversation, or the sentence that refused it.
 *
 * @example
 * const outcome = await runTool(ctx, offered, { toolCallId: "1", toolName: "poll", input });
 */
export async function runTool(
  ctx: Context,
  offered: ReadonlyMap<string, CommandInfo>,
  call: JournaledCall,
): Promise<ToolOutcome> {
  const info = offered.get(call.toolName);
  if (call.inputError !== undefined) {
    ctx.log.info({ tool: call.toolName, problem: call.inputError }, "tool call refused");
    return {
      ok: false,
      text: `The arguments were not valid JSON (${call.inputError}). Call ${call.toolName} again with a JSON object.`,
    };
  }
  let args: string[];
  if (info) {
    const converted = toolArgs(info.command, call.input);
    if (!converted.ok) {
      ctx.log.info({ tool: call.toolName, problem: converted.message }, "tool call refused");
      return { ok: false, text: `${converted.message}\nUsage: ${usage(info.command)}` };
    }
    args = converted.args;
  } else {
    args = looseArgs(call.input);
  }
  ctx.log.info(
    { tool: call.toolName, args: args.map((arg) => arg.slice(0, LOGGED_ARG_CHARS)) },
    "tool call",
  );
  const sinceNs = BigInt(Date.now() - 1) * 1_000_000n;
  const result = await ctx.commands.run(ctx, call.toolName, args);
  ctx.log.info(
    { tool: call.toolName, ok: result.ok, reason: result.ok ? undefined : result.reason },
    "tool result",
  );
  if (!result.ok) return { ok: false, text: result.message };
  const said = await agentSaidSince(ctx, sinceNs);
  return { ok: true, text: said || "Done; the command sent no message." };
}

/** What the agent posted in the conversation since `sinceNs`: the command's visible effect. */
async function agentSaidSince(ctx: Context, sinceNs: bigint): Promise<string> {
  const messages = await ctx.conversation.messages({ sentAfterNs: sinceNs });
  return messages
    .filter((message) => message.senderInboxId === ctx.agentInboxId)
    .map((message) => describe(message.content))
    .filter(Boolean)
    .join("\n");
}

function describe(content: unknown): string {
  if (typeof content === "string") return content;
  const {
    content: inner,
    description,
    actions,
  } = (content ?? {}) as {
    content?: unknown;
    description?: unknown;
    actions?: Array<{ label?: unknown }>;
  };
  if (typeof inner === "string") return inner;
  if (typeof description !== "string") return "";
  const labels = (actions ?? []).map((action) => String(action.label)).join(" | ");
  return `${description}\n[buttons: ${labels}]`;
}
