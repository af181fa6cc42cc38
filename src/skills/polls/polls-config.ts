import { z } from "zod";
import { MAX_TIMER_MS } from "./poll-timers.js";

const DAY_MS = 86_400_000;
const durationMs = z.number().int().positive().max(MAX_TIMER_MS);

/**
 * Options of the polls skill.
 *
 * @example
 * polls({ maxOptions: 5, defaultDurationMs: 86_400_000 }); // every /poll closes after a day
 */
export const pollsConfigSchema = z
  .object({
    /** Most options a poll may have; XMTP shows at most 10 buttons. */
    maxOptions: z.number().int().min(2).max(10).default(10),
    /** When set, `/poll` polls close after this long too; otherwise they stay open until `/close`. */
    defaultDurationMs: durationMs.optional(),
    /** The longest `/pollfor` duration accepted. */
    maxDurationMs: durationMs.default(7 * DAY_MS),
    /** How long a closed poll stays available to `/results`. */
    keepClosedMs: z
      .number()
      .int()
      .positive()
      .default(30 * DAY_MS),
  })
  .refine(
    (config) =>
      config.defaultDurationMs === undefined || config.defaultDurationMs <= config.maxDurationMs,
    { message: "defaultDurationMs must not exceed maxDurationMs", path: ["defaultDurationMs"] },
  );

export type PollsConfig = z.output<typeof pollsConfigSchema>;
export type PollsOptions = z.input<typeof pollsConfigSchema>;
