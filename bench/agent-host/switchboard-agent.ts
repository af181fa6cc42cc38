// The built package, as its users run it (`npm run bench` builds it first).
import { configSchema, createAgent, defineSkill } from "switchboard";
import type { HandlerCounters, Reply } from "./bench-handler.js";
import type { ParsedHostOptions } from "./host-messages.js";
import type { RunningAgent } from "./running-agent.js";
import { UNREACHED_LIMITS_ENV } from "./unreached-limits.js";

/**
 * A Switchboard agent as production builds it: `createAgent` with its defaults (telemetry,
 * inbound rate limit, outbound pacing, SQLite store, per-conversation ordering), info-level
 * logs to stdout (which the benchmark points at a file, as PM2 does), and one skill whose `text`
 * handler runs `handle`.
 *
 * @example
 * const agent = await startSwitchboardAgent(dataDir, {}, handle, counters);
 */
export async function startSwitchboardAgent(
  dataDir: string,
  options: Pick<ParsedHostOptions, "concurrency">,
  handle: (text: string, reply: Reply) => Promise<void>,
  counters: HandlerCounters,
): Promise<RunningAgent> {
  const bench = defineSkill({
    name: "bench",
    description: "Runs the benchmark handler on every text",
    setup(skill) {
      skill.on("text", (ctx) => handle(ctx.content, (text) => ctx.reply(text)));
    },
  });
  const agent = await createAgent({
    name: "bench",
    skills: [bench()],
    config: configSchema.parse({
      XMTP_ENV: "local",
      SWITCHBOARD_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      ...(options.concurrency && { SWITCHBOARD_CONCURRENCY: String(options.concurrency) }),
      ...UNREACHED_LIMITS_ENV,
    }),
  });
  agent.on("error", () => {
    counters.failed += 1;
  });
  agent.on("settled", ({ outcome }) => {
    if (outcome === "limited" || outcome === "rejected") counters.refused += 1;
  });
  await agent.start();
  return {
    address: agent.address,
    inboxId: agent.inboxId,
    stop: () => agent.stop(),
  };
}
