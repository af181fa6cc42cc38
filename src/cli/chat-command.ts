import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ChatSession } from "../chat/chat-session.js";
import { startDemo } from "../chat/demo-environment.js";
import { loadAgentDefinition } from "../chat/load-agent-definition.js";
import { relayWithoutNativeNoise } from "../chat/native-noise.js";

const optionsSchema = z.object({
  agent: z.string().min(1).default("agents/all-in-one.ts"),
  "data-dir": z.string().min(1).default(".data/demo"),
});

/** `switchboard chat`: the main job — devnode, agent and a terminal chat in one command. */
export async function runChatCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { agent: { type: "string" }, "data-dir": { type: "string" } },
    strict: true,
  });
  const options = optionsSchema.parse(values);
  const exitCode = await relayWithoutNativeNoise();
  if (exitCode !== undefined) {
    process.exitCode = exitCode;
    return;
  }
  const definition = await loadAgentDefinition(options.agent);
  const print = (line: string) => console.log(line);
  print("Starting the local XMTP node and the agent…");
  const demo = await startDemo(definition(), options["data-dir"]);
  const session = await ChatSession.open({ agent: demo.agent, skills: demo.skills, print });
  print(`Agent ${demo.agent.address} is ready (logs: ${demo.logFile}).\n${session.help}\n`);
  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  });
  try {
    for await (const line of terminal) {
      const keepGoing = await session.handle(line).catch((error: Error) => {
        // A failed send (the node went away...) is reported; the chat stays open.
        print(`! ${error.message}`);
        return true;
      });
      if (!keepGoing) break;
    }
  } finally {
    terminal.close();
    print("Stopping…");
    await session.close();
    await demo.stop();
  }
}
