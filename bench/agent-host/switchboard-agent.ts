import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import { createAgent } from "../../src/agent/create-agent.js";
import { configSchema } from "../../src/config/config-schema.js";
import { defineSkill } from "../../src/skill/skill.js";
import type { HandlerCounters, Reply } from "./bench-handler.js";
import { benchFilters, UNREACHED_LIMITS_ENV } from "./full-pipeline.js";
import type { HostOptions } from "./protocol.js";
import type { RunningAgent } from "./running-agent.js";

/**
 * A Switchboard agent as production builds it (`createAgent`: SQLite store, runtime with
 * per-conversation ordering, info-level logging), with one skill whose `text` handler runs
 * `handle`. Log lines are formatted as usual and then dropped (unless `logFile` is set), so
 * logging costs CPU but no I/O.
 *
 * @example
 * const agent = await startSwitchboardAgent(dataDir, { middleware: "full", concurrency: 16 }, handle, counters);
 */
export async function startSwitchboardAgent(
  dataDir: string,
  options: Pick<Required<HostOptions>, "middleware" | "concurrency"> & Pick<HostOptions, "logFile">,
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
  const full = options.middleware === "full";
  const agent = await createAgent({
    name: "bench",
    skills: [bench()],
    // Built-ins (telemetry, inbound rate limit, outbound pacing) come with createAgent.
    builtins: full ? {} : false,
    middleware: full ? benchFilters() : [],
    config: configSchema.parse({
      XMTP_ENV: "local",
      SWITCHBOARD_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      SWITCHBOARD_CONCURRENCY: String(options.concurrency),
      ...UNREACHED_LIMITS_ENV,
    }),
    logDestination: options.logFile
      ? createWriteStream(options.logFile, { flags: "a" })
      : new Writable({ write: (_chunk, _encoding, done) => done() }),
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
