import { z } from "zod";

/**
 * What the agent process runs: which framework, which middleware in front of the skill, and
 * what its one handler does with each text message.
 */
export const hostOptionsSchema = z.object({
  /** `agent-sdk`: a bare `Agent` with `agent.on("text")`; `switchboard`: `createAgent`. */
  framework: z.enum(["agent-sdk", "switchboard"]),
  /**
   * Switchboard only: `full` is createAgent's built-ins (telemetry, inbound rate limit,
   * outbound pacing) plus filters (see full-pipeline.ts); `none` is the skill router alone.
   */
  middleware: z.enum(["none", "full"]).default("full"),
  /**
   * `echo`: reply with the same text at once; `io-echo`: wait `ioMs` (an I/O-bound skill),
   * then reply; `count`: only count the message.
   */
  handler: z.enum(["echo", "io-echo", "count"]),
  ioMs: z.number().int().min(0).max(10_000).default(50),
  /** Switchboard's `SWITCHBOARD_CONCURRENCY`: conversations handled at once. */
  concurrency: z.number().int().min(1).max(256).default(16),
  /** Switchboard only: write the agent's log lines here (for debugging a run) instead of dropping them. */
  logFile: z.string().min(1).optional(),
});
export type HostOptions = z.input<typeof hostOptionsSchema>;

/** Memory of the agent process, from `process.memoryUsage()` and `resourceUsage()`, in bytes. */
export const memorySchema = z.object({
  rss: z.number(),
  /** The highest RSS the process has had. */
  peakRss: z.number(),
  heapUsed: z.number(),
  external: z.number(),
});

/** Messages the agent process sends to the benchmark. */
export const hostReportSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), address: z.string(), inboxId: z.string() }),
  z.object({
    type: z.literal("stats"),
    /** Text messages the handler finished. */
    handled: z.number().int(),
    /** Handler or pipeline failures reported by the framework. */
    failed: z.number().int(),
    /** Switchboard only: messages the pipeline refused (rate limited, rejected). */
    refused: z.number().int(),
    memory: memorySchema,
  }),
  z.object({ type: z.literal("fatal"), message: z.string() }),
]);
export type HostReport = z.infer<typeof hostReportSchema>;
export type HostStats = Extract<HostReport, { type: "stats" }>;

/** Messages the benchmark sends to the agent process. */
export const hostCommandSchema = z.discriminatedUnion("type", [
  /** Report stats; with `gc`, collect garbage first so RSS reflects live memory. */
  z.object({ type: z.literal("stats"), gc: z.boolean().default(false) }),
  z.object({ type: z.literal("stop") }),
]);
export type HostCommand = z.input<typeof hostCommandSchema>;
