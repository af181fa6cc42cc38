#!/usr/bin/env node
// The CLI, as built JavaScript: it runs on production dependencies alone. The Node check loads
// first and alone, so an old Node gets one line, not a missing-module trace.
const built = new URL("../dist/src/", import.meta.url);

const check = await import(new URL("platform/node-version.js", built).href).catch((error) => {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  // Only a clone of the repository can lack dist/: the published package always has it.
  console.error(
    "switchboard: dist/ is missing: run `npm run build` first (or `npm run switchboard -- ...`)",
  );
  process.exit(1);
});
const problem = check.nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}
await import(new URL("cli/main.js", built).href);
