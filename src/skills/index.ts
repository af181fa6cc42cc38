// Minimal entry point of `switchboard/skills` (see src/index.ts: the `api` branch owns the real one).
export { hello } from "./hello/index.js";
export { membership } from "./membership/index.js";
export { moderation } from "./moderation/index.js";
export { type PollsOptions, polls } from "./polls/index.js";
export { tokenGate } from "./token-gate/index.js";
