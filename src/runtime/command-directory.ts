import type { Command } from "../commands/define-command.js";
import type { Context } from "./context.js";

/** One command as the directory lists it: what a tool-calling model is offered. */
export interface CommandInfo {
  name: string;
  description: string;
  /** The skill that registered it. */
  skill: string;
  command: Command;
}

/**
 * How a command run ended. A refusal carries the sentence a user typing the command would
 * have been answered with, for the caller to pass on.
 */
export type CommandRunResult =
  | { ok: true }
  | { ok: false; reason: "unknown" | "forbidden" | "invalid-args" | "failed"; message: string };

/**
 * The agent's commands, to list and to run from code (the assistant runs tool calls through
 * it). Reachable from any context as `ctx.commands`.
 *
 * @example
 * const result = await ctx.commands.run(ctx, "poll", ["Lunch?", "pizza", "sushi"]);
 * if (!result.ok) ctx.log.info({ reason: result.reason }, result.message);
 */
export interface CommandDirectory {
  /** Commands this ctx's sender may run in this conversation (admin-only ones only for admins). */
  available(ctx: Context): Promise<CommandInfo[]>;
  /**
   * Runs a command exactly as if the sender had typed `/name args...`: permission check, zod
   * validation, the skill's middleware and error boundary, the outbound gate. Never throws for
   * a user mistake.
   */
  run(ctx: Context, name: string, args: readonly string[]): Promise<CommandRunResult>;
}

/** The directory of a context outside any router (no skills): lists nothing, knows nothing. */
export const noCommands: CommandDirectory = {
  available: async () => [],
  run: async (_ctx, name) => ({
    ok: false,
    reason: "unknown",
    message: `Unknown command ${name}.`,
  }),
};
