import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Agent } from "./agent.js";
import { type CreateAgentOptions, createAgent } from "./create-agent.js";
import { exitFatally, installCrashHandlers } from "./fatal-error.js";

/**
 * Runs an agent as a long-lived process: starts it, and on SIGINT/SIGTERM drains in-flight
 * handlers (up to the configured deadline) before exiting.
 *
 * A process that cannot start (bad configuration, no XMTP node, its data dir held by another
 * live process) prints one line saying what is wrong and what to do, and exits with status 1.
 * An error that escapes every handler later is a crash: one line, status 1, and the supervisor
 * (PM2) restarts it. A failing skill never gets that far: the runtime's boundaries catch it.
 *
 * @example
 * // agents/pollbot.ts
 * await runAgent({ name: "pollbot", skills: [polls()] });
 */
export async function runAgent(options: CreateAgentOptions): Promise<Agent> {
  const crashes = installCrashHandlers(options.name);
  const agent = await createAgent(options).catch((error) => exitFatally(options.name, error));
  const { logger } = agent;
  crashes.useLogger(logger);
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
  await agent.start().catch((error) => exitFatally(options.name, error));
  return agent;
}
