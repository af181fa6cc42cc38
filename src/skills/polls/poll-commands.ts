import { z } from "zod";
import { defineCommand } from "../../index.js";
import { formatDuration, parseDuration } from "./duration.js";
import type { PollsConfig } from "./polls-config.js";

const DURATION_HINT = "expected a duration like 30s, 10m, 2h, 1d or 1h30m";

/**
 * The polls skill's commands, shaped by its configuration (how many options, how long a poll
 * may run). Their descriptions and examples are what `/help polls` shows.
 *
 * @example
 * const { poll, pollfor, results, close } = pollCommands(pollsConfigSchema.parse({}));
 */
export function pollCommands(config: PollsConfig) {
  const question = z
    .string()
    .trim()
    .min(1, "the question is empty")
    .max(300, "keep the question under 300 characters")
    .describe("question");
  const option = z
    .string()
    .trim()
    .min(1, "an option is empty")
    .max(100, "keep each option under 100 characters")
    .describe("option");
  const options = { min: 2, max: config.maxOptions };
  const duration = z
    .string()
    .refine((text) => parseDuration(text) !== undefined, DURATION_HINT)
    .transform((text) => parseDuration(text)!)
    .refine(
      (ms) => ms <= config.maxDurationMs,
      `a poll can run at most ${formatDuration(config.maxDurationMs)}`,
    )
    .describe("duration");
  const pollNumber = z
    .string()
    .regex(/^#?[1-9]\d{0,8}$/, "expected a poll number like 2 or #2")
    .transform((text) => Number(text.replace("#", "")))
    .optional()
    .describe("poll");
  const closing =
    config.defaultDurationMs === undefined
      ? "open until /close"
      : `closes after ${formatDuration(config.defaultDurationMs)}`;

  return {
    poll: defineCommand({
      name: "poll",
      description: `Start a poll with 2 to ${config.maxOptions} options (${closing}); quote anything with spaces`,
      args: [question],
      rest: option,
      restCount: options,
      examples: ['/poll "Lunch today?" pizza sushi "no lunch"'],
    }),
    pollfor: defineCommand({
      name: "pollfor",
      description: `Start a poll that closes by itself after a duration (30s, 10m, 2h, 1d, 1h30m; at most ${formatDuration(config.maxDurationMs)}) and posts the results`,
      args: [duration, question],
      rest: option,
      restCount: options,
      examples: ['/pollfor 10m "Ship it?" yes no'],
    }),
    results: defineCommand({
      name: "results",
      description: "Show a poll's tally: the latest poll here, or the one numbered",
      args: [pollNumber],
      examples: ["/results", "/results 2"],
    }),
    close: defineCommand({
      name: "close",
      description:
        "Close a poll (the latest here, or the one numbered) and post its final results; for its creator or a group admin",
      args: [pollNumber],
      examples: ["/close", "/close 2"],
    }),
  };
}
