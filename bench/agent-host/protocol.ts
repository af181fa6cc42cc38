import { z } from "zod";

/**
 * What the agent process runs. Its one text handler does what each message asks (see
 * `bench-handler.ts`), so one pair of agents serves every scenario of a run.
 */
export const hostOptionsSchema = z.object({
  /**
   * `agent-sdk`: a bare `Agent` with `agent.on("text")`; `switchboard`: `createAgent` with its
   * production defaults (telemetry, inbound rate limit, outbound pacing, SQLite store, info logs
   * on stdout, which the benchmark sends to a file as PM2 does).
   */
  framework: z.enum(["agent-sdk", "switchboard"]),
  /** Switchboard's `SWITCHBOARD_CONCURRENCY` (conversations handled at once); its default when absent. */
  concurrency: z.number().int().min(1).max(256).optional(),
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
    /** `process.cpuUsage()` of the agent process: user + system CPU time since it started, in µs. */
    cpuMicros: z.number(),
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
