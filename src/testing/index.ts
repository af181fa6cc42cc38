// Minimal entry point of `switchboard/testing` (see src/index.ts: the `api` branch owns the real one).
export { default as devnodeGlobalSetup } from "./global-setup.js";
export { TestAgent, type TestAgentOptions } from "./test-agent.js";
export { type MessageMatch, TestUser, type TestUserOptions } from "./test-user.js";
export { type WaitOptions, waitFor } from "./wait-for.js";
