import pino from "pino";
import { startDevnode } from "../../src/devnode/devnode.js";

/**
 * A devnode alone in its own process (run with --expose-gc and an IPC channel), so that the CPU
 * time and memory a test reads are the node's own. Answers "measure" with both, after a full GC.
 */
const node = await startDevnode({ port: 0, logger: pino({ level: "silent" }) });
const gc = (globalThis as { gc?: () => void }).gc;

process.on("message", (message) => {
  if (message === "measure") {
    gc?.();
    process.send?.({ cpu: process.cpuUsage(), memory: process.memoryUsage() });
  } else if (message === "stop") {
    void node.stop().then(() => process.exit(0));
  }
});
process.send?.({ port: node.port });
