import type { z } from "zod";
import type { Command, CommandArgs } from "./define-command.js";
import { type UsageOptions, usage } from "./usage.js";

/**
 * The outcome of {@link parseCommandArgs}: the typed arguments, or a message for the user that
 * names each bad argument, with the command's usage line to reply alongside it.
 */
export type CommandArgsResult<Args> =
  | { ok: true; value: Args }
  | { ok: false; error: string; usage: string };

/**
 * Validates a command's arguments against its schemas, reporting every problem at once.
 *
 * @example
 * ```ts
 * const result = parseCommandArgs(poll, ["Lunch?", "pizza"]);
 * if (!result.ok) await ctx.reply(`${result.error}\n${result.usage}`);
 * // <option>: expected at least 2, got 1
 * // /poll <question> <option>... — Start a poll
 * ```
 */
export function parseCommandArgs<C extends Command>(
  command: C,
  args: readonly string[],
  options: UsageOptions = {},
): CommandArgsResult<CommandArgs<C>> {
  const values: unknown[] = [];
  const errors: string[] = [];
  const collect = (label: string, schema: z.ZodType, input: string | undefined) => {
    const result = schema.safeParse(input);
    if (result.success) values.push(result.data);
    else errors.push(`<${label}>: ${result.error.issues[0]?.message ?? "invalid"}`);
  };

  command.params.forEach((param, index) => {
    const input = args[index];
    if (input === undefined && !param.optional) errors.push(`<${param.name}>: missing`);
    else collect(param.name, param.schema, input);
  });

  const extra = args.slice(command.params.length);
  const { rest } = command;
  if (rest === undefined) {
    if (extra.length > 0) {
      errors.push(
        `Too many arguments: expected at most ${command.params.length}, got ${args.length}`,
      );
    }
  } else {
    if (extra.length < rest.min) {
      errors.push(`<${rest.name}>: expected at least ${rest.min}, got ${extra.length}`);
    }
    if (extra.length > rest.max) {
      errors.push(`<${rest.name}>: expected at most ${rest.max}, got ${extra.length}`);
    }
    extra.forEach((input, index) => {
      collect(`${rest.name} ${index + 1}`, rest.schema, input);
    });
  }

  if (errors.length > 0) {
    return { ok: false, error: errors.join("\n"), usage: usage(command, options) };
  }
  // Sound by construction: one value per schema, in the order the tuple type was inferred from.
  return { ok: true, value: values as unknown as CommandArgs<C> };
}
