/**
 * The devnode in a process of its own, started by `ensureDevnode`: its gRPC work then runs on
 * its own event loop, not on the simulated senders'. Reports "ready" once it listens and stops
 * when the benchmark says "stop" or goes away.
 */
import pino from "pino";
import { DEVNODE_PORT, startDevnode } from "../../src/devnode/devnode.js";

const node = await startDevnode({
  port: DEVNODE_PORT,
  logger: pino({ name: "devnode", level: "warn" }),
});
const stop = async () => {
  await node.stop().catch(() => undefined);
  process.exit(0);
};
process.on("message", (message) => {
  if (message === "stop") void stop();
});
process.on("disconnect", () => void stop());
process.send?.("ready");
