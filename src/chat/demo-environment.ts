import { rmSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import type { Agent } from "../agent/agent.js";
import type { AgentDefinition } from "../agent/agent-definition.js";
import { createAgent } from "../agent/create-agent.js";
import { configSchema } from "../config/config-schema.js";
import { loadConfig } from "../config/load-config.js";
import { DEVNODE_PORT, type Devnode, startDevnode } from "../devnode/devnode.js";
import { isDevnodeRunning } from "../testing/devnode-probe.js";

export interface Demo {
  agent: Agent;
  /** The agent's skills, for tools that need its commands (names in `/kick bob`). */
  skills: NonNullable<AgentDefinition["skills"]>;
  /** Where the agent's JSON logs go, so the terminal stays readable. */
  logFile: string;
  /** Undefined when an already running devnode was reused. */
  devnode: Devnode | undefined;
  stop(): Promise<void>;
}

/**
 * Everything the main job needs on a machine with nothing set up: a devnode (embedded, state in
 * `<dataDir>/devnode`, or one already listening on 5556) and the agent on it, its identity
 * generated on first run. The devnode and the agent keep their state side by side so client
 * cursors and node ids never disagree; when an outside devnode is reused, the agent gets a
 * fresh identity for the same reason, in `<dataDir>/with-running-devnode`, emptied when it
 * starts and when it stops, so nothing piles up.
 */
export async function startDemo(
  definition: AgentDefinition,
  dataDir = ".data/demo",
): Promise<Demo> {
  // A busy machine can take over a second to answer; a missed answer means a port clash.
  const reuse = await isDevnodeRunning(DEVNODE_PORT, "127.0.0.1", 5_000);
  const agentDir = reuse ? join(dataDir, "with-running-devnode") : join(dataDir, "agent");
  const forget = () => {
    if (reuse) rmSync(agentDir, { recursive: true, force: true });
  };
  forget();
  const logFile = join(reuse ? agentDir : dataDir, "agent.log");
  const devnode = reuse
    ? undefined
    : await startDevnode({
        dataDir: join(dataDir, "devnode"),
        logger: pino(
          { name: "devnode", level: "warn" },
          pino.destination({ dest: logFile, mkdir: true, sync: false }),
        ),
      });
  const config = configSchema.parse({
    ...loadConfig(),
    XMTP_ENV: "local",
    SWITCHBOARD_DATA_DIR: agentDir,
  });
  const agent = await createAgent({
    ...definition,
    config,
    logDestination: pino.destination({ dest: logFile, mkdir: true, sync: false }),
  });
  await agent.start();
  return {
    agent,
    skills: definition.skills ?? [],
    logFile,
    devnode,
    stop: async () => {
      await agent.stop();
      await devnode?.stop();
      forget();
    },
  };
}
