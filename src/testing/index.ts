/**
 * `switchboard/testing`: real agents and users on the devnode, for end-to-end tests.
 * The devnode for a test run comes from `globalSetup` (vitest: `globalSetup: ["switchboard/testing/global-setup"]`
 * or a file that re-exports this entry's `globalSetup`).
 *
 * @example
 * import { polls } from "switchboard/skills";
 * import { TestAgent, TestUser } from "switchboard/testing";
 * const bot = await TestAgent.start({ skills: [polls()] });
 * const alice = await TestUser.create({ name: "alice" });
 * const reply = await alice.ask(await alice.dmWith(bot.address), "/help");
 */
export { default as globalSetup } from "./global-setup.js";
export { MessageLog } from "./message-log.js";
export {
  type ScriptedAnswer,
  ScriptedModelServer,
  type ScriptedToolCall,
  type ScriptStep,
} from "./scripted-model-server.js";
export { TestAgent, type TestAgentOptions } from "./test-agent.js";
export {
  localClientOptions,
  type MessageMatch,
  TestUser,
  type TestUserOptions,
} from "./test-user.js";
export { DEFAULT_WAIT_MS, type WaitOptions, waitFor } from "./wait-for.js";
