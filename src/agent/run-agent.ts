import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Agent } from "./agent.js";
import { type CreateAgentOptions, createAgent } from "./create-agent.js";

/**
 * Runs an agent as a long-lived process: starts it, and on SIGINT/SIGTERM drains in-flight
 * handlers (up to the configured deadline) before exiting. Errors that escape everything are
 * logged instead of crashing the process: a failing skill never takes the agent down.
 *
 * @example
 * // agents/pollbot.ts
 * await runAgent({ name: "pollbot", skills: [polls()] });
 */
export async function runAgent(options: CreateAgentOptions): Promise<Agent> {
  const agent = await createAgent(options);
  const { logger } = agent;
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
      await agent.stop();
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
  await agent.start();
  return agent;
}
