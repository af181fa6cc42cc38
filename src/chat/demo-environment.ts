import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
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
 * fresh directory for the same reason.
 */
export async function startDemo(
  definition: AgentDefinition,
  dataDir = ".data/demo",
): Promise<Demo> {
  const reuse = await isDevnodeRunning(DEVNODE_PORT);
  const agentDir = reuse
    ? mkdtempSync(join(tmpdir(), "switchboard-demo-"))
    : join(dataDir, "agent");
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
    logFile,
    devnode,
    stop: async () => {
      await agent.stop();
      await devnode?.stop();
    },
  };
}
