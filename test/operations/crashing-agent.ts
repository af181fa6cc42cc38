import { runAgent } from "../../src/agent/run-agent.js";

/**
 * An agent whose process later suffers a rejection nobody handles: the kind of bug that must
 * crash the process (one line, status 1) rather than be logged and ignored.
 */
await runAgent({ name: "crashy", skills: [] });
setTimeout(() => void Promise.reject(new Error("nobody awaited this")), 200);
