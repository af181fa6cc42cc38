import { z } from "zod";
import type { Command, CommandInfo } from "../../index.js";

/** A JSON Schema object, as tool definitions carry them. */
export type JsonSchemaObject = { [key: string]: unknown };

/** A command offered to the model as a tool: its name, description and argument schema. */
export interface CommandTool {
  name: string;
  description: string;
  inputSchema: JsonSchemaObject;
}

/** Arguments for `ctx.commands.run`, or why the model's input could not become them. */
export type ToolArgs = { ok: true; args: string[] } | { ok: false; message: string };

/**
 * The tool a model sees for a command: one property per argument, named and typed by the
 * argument's zod schema (its input side: what a user would type), the variadic rest as an
 * array. Refinements that JSON Schema cannot say are still checked when the command runs.
 *
 * @example
 * commandTool(pollInfo).inputSchema;
 * // { type: "object", properties: { question: {type: "string"}, option: {type: "array", ...} }, ... }
 */
export function commandTool(info: CommandInfo): CommandTool {
  const { command } = info;
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  for (const param of command.params) {
    properties[propertyKey(param.name)] = {
      ...jsonSchemaOf(param.schema),
      description: param.name,
    };
    if (!param.optional) required.push(propertyKey(param.name));
  }
  const { rest } = command;
  if (rest) {
    properties[propertyKey(rest.name)] = {
      type: "array",
      items: jsonSchemaOf(rest.schema),
      minItems: rest.min,
      ...(Number.isFinite(rest.max) ? { maxItems: rest.max } : {}),
      description: `${rest.name} (a list)`,
    };
    if (rest.min > 0) required.push(propertyKey(rest.name));
  }
  return {
    name: command.name,
    description: info.description,
    inputSchema: { type: "object", properties, required, additionalProperties: false },
  };
}

/**
 * Turns a model's tool input into the argument list a user would have typed, so the command
 * validates it with its own schemas. Wrong shapes (not an object, unknown names, a list where
 * one value goes) are refused with a sentence the model can act on.
 *
 * @example
 * toolArgs(poll, { question: "Lunch?", option: ["pizza", "sushi"] });
 * // { ok: true, args: ["Lunch?", "pizza", "sushi"] }
 */
export function toolArgs(command: Command, input: unknown): ToolArgs {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, message: "The arguments must be a JSON object." };
  }
  const given = input as Record<string, unknown>;
  const known = [
    ...command.params.map((p) => p.name),
    ...(command.rest ? [command.rest.name] : []),
  ];
  const unknown = Object.keys(given).filter(
    (key) => !known.some((name) => propertyKey(name) === key),
  );
  if (unknown.length > 0) {
    const expected = known.map(propertyKey).join(", ") || "none";
    return { ok: false, message: `Unknown argument ${unknown.join(", ")}; expected: ${expected}.` };
  }
  const args: string[] = [];
  let skipped: string | undefined;
  for (const param of command.params) {
    const value = given[propertyKey(param.name)];
    if (value === undefined || value === null) {
      skipped ??= param.name;
      continue;
    }
    if (skipped) return { ok: false, message: `<${param.name}> needs <${skipped}> given too.` };
    if (!isScalar(value)) return { ok: false, message: `<${param.name}>: expected one value.` };
    args.push(String(value));
  }
  const rest = command.rest ? given[propertyKey(command.rest.name)] : undefined;
  if (rest === undefined || rest === null) return { ok: true, args };
  if (skipped)
    return { ok: false, message: `<${command.rest!.name}> needs <${skipped}> given too.` };
  if (!Array.isArray(rest) || !rest.every(isScalar)) {
    return { ok: false, message: `<${command.rest!.name}>: expected a list of values.` };
  }
  return { ok: true, args: [...args, ...rest.map(String)] };
}

/**
 * Arguments for a command the model was not offered (an admin command asked for by someone
 * who is not one): its values in order, so the command's own checks give the refusal.
 */
export function looseArgs(input: unknown): string[] {
  if (typeof input !== "object" || input === null) return isScalar(input) ? [String(input)] : [];
  return Object.values(input).flatMap((value) =>
    Array.isArray(value)
      ? value.filter(isScalar).map(String)
      : isScalar(value)
        ? [String(value)]
        : [],
  );
}

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** Argument names become property names: letters, digits, `_` and `-` only. */
const propertyKey = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, "_");

function jsonSchemaOf(schema: z.ZodType): JsonSchemaObject {
  const {
    $schema: _,
    description: __,
    ...json
  } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchemaObject;
  return json;
}
