import type { Command } from "../commands/define-command.js";
import type { Context } from "./context.js";

/** One command an agent offers, with the skill that handles it. */
export interface CommandInfo {
  name: string;
  description: string;
  skill: string;
  command: Command;
}

/** What running a command through {@link CommandDirectory.run} came to. */
export type CommandRunResult =
  | { ok: true }
  | { ok: false; reason: "unknown" | "forbidden" | "invalid-args" | "failed"; message: string };

/**
 * The agent's commands, reachable from any context as `ctx.commands`: what an assistant (or
 * a menu) needs to offer and run them on the sender's behalf.
 */
export interface CommandDirectory {
  /** Commands this ctx's sender may run in this conversation (admin-only ones only for admins; group-only only in groups). */
  available(ctx: Context): Promise<CommandInfo[]>;
  /**
   * Runs a command exactly as if the sender had typed `/name args...`: permission check, zod
   * validation, the skill's middleware and error boundary, the outbound gate. Never throws for
   * a user mistake.
   */
  run(ctx: Context, name: string, args: readonly string[]): Promise<CommandRunResult>;
}

/** The directory of a runtime without skills. */
export const noCommands: CommandDirectory = {
  available: async () => [],
  run: async (_ctx, name) => ({ ok: false, reason: "unknown", message: `Unknown command ${name}` }),
};
