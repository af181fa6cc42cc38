import { once } from "node:events";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startDemo } from "../chat/demo-environment.js";
import { loadAgentDefinition } from "../chat/load-agent-definition.js";
import { DEFAULT_PLAYGROUND_PORT, startPlayground } from "../playground/playground-server.js";

const optionsSchema = z.object({
  agent: z.string().min(1).default("agents/all-in-one.ts"),
  "data-dir": z.string().min(1).default(".data/demo"),
  port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PLAYGROUND_PORT),
});

/** `switchboard playground`: the devnode, the agent and a local web page to chat with it. */
export async function runPlaygroundCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      agent: { type: "string" },
      "data-dir": { type: "string" },
      port: { type: "string" },
    },
    strict: true,
  });
  const options = optionsSchema.parse(values);
  const definition = (await loadAgentDefinition(options.agent))();
  console.log("Starting the local XMTP node and the agent…");
  const demo = await startDemo(definition, options["data-dir"]);
  try {
    const playground = await startPlayground(demo, {
      port: options.port,
      agentName: definition.name,
    });
    console.log(
      `Agent ${demo.agent.address} is ready (logs: ${demo.logFile}).\nPlayground: ${playground.url}  (Ctrl-C to stop)`,
    );
    await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
    console.log("Stopping…");
    await playground.close();
  } finally {
    await demo.stop();
  }
}
