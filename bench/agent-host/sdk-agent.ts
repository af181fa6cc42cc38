import { join } from "node:path";
import { Agent, createSigner, createUser } from "@xmtp/agent-sdk";
import { generatePrivateKey } from "viem/accounts";
import { LogLevel } from "../../src/xmtp/enums.js";
import type { HandlerCounters, Reply } from "./bench-handler.js";
import type { RunningAgent } from "./running-agent.js";

/**
 * The baseline: a bare `@xmtp/agent-sdk` agent, configured as `createAgent` configures its
 * client, whose `text` listener runs `handle`. agent-sdk emits to listeners without awaiting
 * them, so messages are handled concurrently and in no guaranteed order.
 *
 * @example
 * const agent = await startSdkAgent(dataDir, handle, counters);
 */
export async function startSdkAgent(
  dataDir: string,
  handle: (text: string, reply: Reply) => Promise<void>,
  counters: HandlerCounters,
): Promise<RunningAgent> {
  const agent = await Agent.create(createSigner(createUser(generatePrivateKey())), {
    env: "local",
    dbPath: (inboxId) => join(dataDir, `xmtp-local-${inboxId}.db3`),
    dbEncryptionKey: generatePrivateKey(),
    disableDeviceSync: true,
    historySyncUrl: null,
    loggingLevel: LogLevel.Off,
  });
  agent.on("text", (ctx) => {
    handle(ctx.message.content, (text) => ctx.sendTextReply(text)).catch(() => {
      counters.failed += 1;
    });
  });
  agent.on("unhandledError", () => {
    counters.failed += 1;
  });
  await agent.start();
  return {
    address: agent.address!,
    inboxId: agent.client.inboxId,
    stop: () => agent.stop(),
  };
}
