#!/usr/bin/env node
// The CLI, as built JavaScript (`npm run build`): it runs on production dependencies alone.
// The Node check loads first and alone, so an old Node gets one line, not a missing-module trace.
import { nodeVersionProblem } from "../dist/src/platform/node-version.js";

const problem = nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}
await import("../dist/src/cli/main.js");
