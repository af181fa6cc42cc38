import { SwitchboardError } from "../errors/switchboard-error.js";
import { type CreateAgentOptions, createAgent, type SwitchboardAgent } from "./create-agent.js";

/**
 * Runs an agent as a long-lived process: starts it, and on SIGINT/SIGTERM drains in-flight
 * handlers (up to the configured deadline) before exiting. Errors that escape everything are
 * logged instead of crashing the process: a failing skill never takes the agent down.
 *
 * @example
 * // agents/pollbot.ts
 * await runAgent({ name: "pollbot", skills: [polls()] });
 */
export async function runAgent(options: CreateAgentOptions): Promise<SwitchboardAgent> {
  const agent = await createAgent(options).catch(exitOnStartupFailure);
  const { runtime, logger } = agent;
  process.on("unhandledRejection", (reason) => {
    logger.error(
      { err: reason, code: "SB_ERR_SKILL_FAILED" },
      "unhandled rejection (agent keeps running)",
    );
  });
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "draining before exit");
    try {
      await runtime.stop();
      process.exit(0);
    } catch (error) {
      logger.error({
        err: new SwitchboardError("SB_ERR_SHUTDOWN_TIMEOUT", "shutdown failed", { cause: error }),
      });
      process.exit(1);
    }
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await runtime.start().catch(exitOnStartupFailure);
  return agent;
}

/**
 * A process that cannot start must exit non-zero, in one line, or a supervisor (PM2 loads the
 * file inside its own container, which swallows the rejection) shows it "online" forever.
 */
function exitOnStartupFailure(error: unknown): never {
  const [first = "", ...problems] = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((line) => line.trim().replace(/^- /, ""))
    .filter(Boolean);
  const code = (error as { code?: unknown })?.code;
  console.error(
    `${[first, problems.join("; ")].filter(Boolean).join(" ")}${typeof code === "string" ? ` (${code})` : ""}`,
  );
  process.exit(1);
}
