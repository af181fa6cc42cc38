import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import {
  type Command,
  type CommandArgs,
  type CommandHandler,
  defineCommand,
} from "./define-command.js";

const poll = defineCommand({
  name: "Poll",
  description: "Start a poll",
  args: [z.string().min(1).describe("question")],
  rest: z.string().describe("option"),
  restCount: { min: 2, max: 10 },
  examples: ['/poll "Lunch?" pizza sushi'],
});

describe("defineCommand", () => {
  it("normalises the name and names arguments from their descriptions", () => {
    expect(poll.name).toBe("poll");
    expect(poll.params).toEqual([expect.objectContaining({ name: "question", optional: false })]);
    expect(poll.rest).toEqual(expect.objectContaining({ name: "option", min: 2, max: 10 }));
    expect(poll.adminOnly).toBe(false);
    expect(poll.examples).toEqual(['/poll "Lunch?" pizza sushi']);
  });

  it("finds names through .optional() and .default(), and falls back to position", () => {
    const command = defineCommand({
      name: "roll",
      description: "Roll dice",
      args: [
        z.string(),
        z.coerce.number().describe("sides").default(6),
        z.string().describe("label").optional(),
      ],
    });
    expect(command.params.map((param) => [param.name, param.optional])).toEqual([
      ["arg1", false],
      ["sides", true],
      ["label", true],
    ]);
  });

  it("rejects invalid names, required-after-optional arguments and bad rest counts", () => {
    const attempts = [
      () => defineCommand({ name: "2fa", description: "" }),
      () => defineCommand({ name: "a b", description: "" }),
      () =>
        defineCommand({ name: "x", description: "", args: [z.string().optional(), z.string()] }),
      () =>
        defineCommand({
          name: "x",
          description: "",
          rest: z.string(),
          restCount: { min: 3, max: 2 },
        }),
      () => defineCommand({ name: "x", description: "", rest: z.string(), restCount: { min: -1 } }),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(expect.objectContaining({ code: "SB_ERR_COMMAND_DEFINITION" }));
    }
    try {
      defineCommand({ name: "x", description: "", args: [z.string().optional(), z.string()] });
    } catch (error) {
      expect(isSwitchboardError(error, "SB_ERR_COMMAND_DEFINITION") && error.message).toBe(
        'Command "x": optional arguments must come after required ones',
      );
    }
  });
});

describe("inferred argument types", () => {
  it("types a rest command as a variadic tuple", () => {
    expectTypeOf<CommandArgs<typeof poll>>().toEqualTypeOf<[string, ...string[]]>();
  });

  it("types coerced, optional and defaulted arguments", () => {
    const roll = defineCommand({
      name: "roll",
      description: "Roll dice",
      args: [z.coerce.number().int(), z.string().optional()],
    });
    expectTypeOf<CommandArgs<typeof roll>>().toEqualTypeOf<[number, (string | undefined)?]>();

    const sides = defineCommand({
      name: "sides",
      description: "",
      args: [z.coerce.number().default(6)],
      rest: z.enum(["red", "blue"]),
    });
    expectTypeOf<CommandArgs<typeof sides>>().toEqualTypeOf<[number, ...("red" | "blue")[]]>();
  });

  it("types a command without arguments as an empty tuple", () => {
    const help = defineCommand({ name: "help", description: "Show help" });
    expectTypeOf<CommandArgs<typeof help>>().toEqualTypeOf<[]>();
  });

  it("types handlers from the command", () => {
    interface FakeContext {
      reply(text: string): Promise<void>;
    }
    const handler: CommandHandler<typeof poll, FakeContext> = async (
      [question, ...options],
      ctx,
    ) => {
      expectTypeOf(question).toEqualTypeOf<string>();
      expectTypeOf(options).toEqualTypeOf<string[]>();
      await ctx.reply(question);
    };
    expectTypeOf(handler).parameter(0).toEqualTypeOf<[string, ...string[]]>();
    expectTypeOf(handler).parameter(1).toEqualTypeOf<FakeContext>();
  });

  it("lets commands of any shape share a list", () => {
    expectTypeOf(poll).toExtend<Command>();
    const list: readonly Command[] = [poll, defineCommand({ name: "help", description: "" })];
    expect(list).toHaveLength(2);
  });
});
