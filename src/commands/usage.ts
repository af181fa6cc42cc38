import type { Command } from "./define-command.js";

/** Options shared by the usage and help formatters. */
export interface UsageOptions {
  /** The command prefix the bot listens for; defaults to `/`. */
  prefix?: string;
}

/**
 * The command's call shape: required arguments in `<>`, optional ones in `[]`, and `...` for
 * the variadic rest.
 *
 * @example
 * ```ts
 * commandSignature(poll); // "/poll <question> <option>..."
 * ```
 */
export function commandSignature(command: Command, { prefix = "/" }: UsageOptions = {}): string {
  const parts = [`${prefix}${command.name}`];
  for (const param of command.params) {
    parts.push(param.optional ? `[${param.name}]` : `<${param.name}>`);
  }
  const { rest } = command;
  if (rest !== undefined) parts.push(rest.min > 0 ? `<${rest.name}>...` : `[${rest.name}...]`);
  return parts.join(" ");
}

/**
 * One line telling a user how to call the command, shown when its arguments are wrong.
 *
 * @example
 * ```ts
 * usage(poll); // "/poll <question> <option>... — Start a poll"
 * ```
 */
export function usage(command: Command, options: UsageOptions = {}): string {
  return `${commandSignature(command, options)} — ${command.description}`;
}
