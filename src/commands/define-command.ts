import { z } from "zod";
import { SwitchboardError } from "../errors/switchboard-error.js";
import { isCommandName } from "./command-name.js";

/**
 * What a skill author writes. Arguments are zod schemas; each one's `.describe()` text is its
 * name in usage and errors (`<question>`). Arguments arrive as strings, so use `z.coerce.number()`
 * or `z.stringbool()` for other types, and keep schemas synchronous.
 */
export interface CommandSpec<
  Args extends readonly z.ZodType[],
  Rest extends z.ZodType | undefined,
> {
  /** Matched case-insensitively; a letter then up to 31 letters, digits, `_` or `-`. */
  name: string;
  /** One line, shown in usage and help. */
  description: string;
  /** Positional arguments. Optional ones (`.optional()`, `.default()`) must come last. */
  args?: Args;
  /** Schema for each argument after the positional ones; without it, extra arguments are errors. */
  rest?: Rest;
  /** How many `rest` arguments are allowed; defaults to any number, including none. */
  restCount?: { min?: number; max?: number };
  /** Complete example lines, shown verbatim in help. */
  examples?: readonly string[];
  /** Marks the command for admins in help; enforcement belongs to the permission middleware. */
  adminOnly?: boolean;
}

/** A positional argument, normalised by {@link defineCommand}. */
export interface CommandParam {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly optional: boolean;
}

/** The trailing variadic argument, normalised by {@link defineCommand}. */
export interface RestParam {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly min: number;
  readonly max: number;
}

declare const argsType: unique symbol;

/**
 * A defined command. `Args` is the tuple a handler receives once {@link parseCommandArgs}
 * succeeds; `Command` alone (any arguments) is what lists of commands hold.
 */
export interface Command<Args extends readonly unknown[] = readonly unknown[]> {
  readonly name: string;
  readonly description: string;
  readonly params: readonly CommandParam[];
  readonly rest: RestParam | undefined;
  readonly examples: readonly string[];
  readonly adminOnly: boolean;
  /** Type-only: carries `Args` for {@link CommandArgs}; never present at runtime. */
  readonly [argsType]?: Args;
}

/**
 * The parsed argument tuple of a command.
 *
 * @example
 * ```ts
 * type PollArgs = CommandArgs<typeof poll>; // [string, ...string[]]
 * ```
 */
export type CommandArgs<C extends Command> = C extends Command<infer Args> ? Args : never;

/**
 * A handler for a command, its arguments typed from the command's schemas.
 *
 * @example
 * ```ts
 * const startPoll: CommandHandler<typeof poll, MessageContext> = async ([question, ...options], ctx) => {};
 * ```
 */
export type CommandHandler<C extends Command, Ctx> = (
  args: CommandArgs<C>,
  ctx: Ctx,
) => Promise<void> | void;

type ArgsOutput<
  Args extends readonly z.ZodType[],
  Rest extends z.ZodType | undefined,
> = z.core.$InferTupleOutputType<Args, Rest extends z.ZodType ? Rest : null>;

/**
 * Defines a chat command whose arguments are validated, and typed, by zod schemas.
 *
 * @throws {@link SwitchboardError} `SB_ERR_COMMAND_DEFINITION` for an invalid name, a required
 * argument after an optional one, or an impossible `restCount`.
 * @example
 * ```ts
 * const poll = defineCommand({
 *   name: "poll",
 *   description: "Start a poll",
 *   args: [z.string().min(1).describe("question")],
 *   rest: z.string().min(1).describe("option"),
 *   restCount: { min: 2, max: 10 },
 *   examples: ['/poll "Lunch?" pizza sushi'],
 * });
 * ```
 */
export function defineCommand<
  const Args extends readonly z.ZodType[] = [],
  Rest extends z.ZodType | undefined = undefined,
>(spec: CommandSpec<Args, Rest>): Command<ArgsOutput<Args, Rest>> {
  if (!isCommandName(spec.name)) {
    invalid(spec.name, "name must be a letter then up to 31 of [a-z0-9_-]");
  }

  const params = (spec.args ?? []).map(
    (schema, index): CommandParam => ({
      name: argumentName(schema) ?? `arg${index + 1}`,
      schema,
      // `optin` ("optional" or "defaulted") is how zod itself decides which tuple elements may
      // be left out; `safeParse(undefined)` would disagree for coercing schemas.
      optional: schema._zod.optin !== undefined,
    }),
  );
  const firstOptional = params.findIndex((param) => param.optional);
  if (firstOptional !== -1 && params.slice(firstOptional).some((param) => !param.optional)) {
    invalid(spec.name, "optional arguments must come after required ones");
  }

  return {
    name: spec.name.toLowerCase(),
    description: spec.description,
    params,
    rest: spec.rest === undefined ? undefined : restParam(spec.name, spec.rest, spec.restCount),
    examples: spec.examples ?? [],
    adminOnly: spec.adminOnly ?? false,
  };
}

function restParam(
  command: string,
  schema: z.ZodType,
  { min = 0, max = Number.POSITIVE_INFINITY }: { min?: number; max?: number } = {},
): RestParam {
  if (!Number.isInteger(min) || min < 0 || !(max >= min)) {
    invalid(command, `restCount must satisfy 0 <= min <= max (got ${min}..${max})`);
  }
  return { name: argumentName(schema) ?? "arg", schema, min, max };
}

/** The `.describe()` text, looking through `.optional()`/`.default()` added after it. */
function argumentName(schema: z.core.$ZodType): string | undefined {
  const description = z.globalRegistry.get(schema)?.description;
  if (description !== undefined) return description;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return argumentName(schema.unwrap());
  }
  return undefined;
}

function invalid(command: string, reason: string): never {
  throw new SwitchboardError("SB_ERR_COMMAND_DEFINITION", `Command "${command}": ${reason}`, {
    context: { command },
  });
}
