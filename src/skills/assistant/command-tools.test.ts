import { describe, expect, it } from "vitest";
import type { Command } from "../../commands/define-command.js";
import { pollCommands } from "../polls/poll-commands.js";
import { pollsConfigSchema } from "../polls/polls-config.js";
import { commandTool, looseArgs, toolArgs } from "./command-tools.js";

const { poll, pollfor, results } = pollCommands(pollsConfigSchema.parse({ maxOptions: 4 }));
const info = (command: Command) => ({
  name: command.name,
  description: command.description,
  skill: "polls",
  command,
});

describe("commandTool", () => {
  it("describes a command's arguments as a JSON schema, the rest as an array", () => {
    const tool = commandTool(info(poll));
    expect(tool.name).toBe("poll");
    expect(tool.description).toBe(poll.description);
    expect(tool.inputSchema).toMatchObject({
      type: "object",
      required: ["question", "option"],
      additionalProperties: false,
      properties: {
        question: { type: "string", minLength: 1, maxLength: 300 },
        option: { type: "array", minItems: 2, maxItems: 4, items: { type: "string" } },
      },
    });
  });

  it("uses the input side of transforming schemas and leaves optional arguments out of required", () => {
    expect(commandTool(info(pollfor)).inputSchema.properties).toMatchObject({
      duration: { type: "string" },
    });
    const tool = commandTool(info(results));
    expect(tool.inputSchema.required).toEqual([]);
    expect(tool.inputSchema.properties).toMatchObject({ poll: { type: "string" } });
  });
});

describe("toolArgs", () => {
  it("turns named arguments into the line a user would type", () => {
    expect(toolArgs(poll, { question: "Lunch?", option: ["pizza", "sushi"] })).toEqual({
      ok: true,
      args: ["Lunch?", "pizza", "sushi"],
    });
    expect(toolArgs(results, {})).toEqual({ ok: true, args: [] });
    expect(toolArgs(results, { poll: 2 })).toEqual({ ok: true, args: ["2"] });
  });

  it("refuses shapes the command cannot take, saying why", () => {
    expect(toolArgs(poll, "Lunch? pizza sushi")).toEqual({
      ok: false,
      message: "The arguments must be a JSON object.",
    });
    expect(toolArgs(poll, { question: "Lunch?", option: "pizza" })).toEqual({
      ok: false,
      message: "<option>: expected a list of values.",
    });
    expect(toolArgs(poll, { question: { text: "Lunch?" }, option: ["a", "b"] })).toEqual({
      ok: false,
      message: "<question>: expected one value.",
    });
    expect(toolArgs(poll, { question: "Lunch?", options: ["a", "b"] })).toEqual({
      ok: false,
      message: "Unknown argument options; expected: question, option.",
    });
    expect(toolArgs(pollfor, { question: "Lunch?", option: ["a", "b"] })).toEqual({
      ok: false,
      message: "<question> needs <duration> given too.",
    });
  });
});

describe("looseArgs", () => {
  it("flattens any input into values, for a command's own refusal to judge", () => {
    expect(looseArgs({ member: ["0xabc", "0xdef"], reason: "spam" })).toEqual([
      "0xabc",
      "0xdef",
      "spam",
    ]);
    expect(looseArgs("bob")).toEqual(["bob"]);
    expect(looseArgs(null)).toEqual([]);
  });
});
