import { runAgent } from "../../src/agent/run-agent.js";
import { loadConfig } from "../../src/config/load-config.js";
import { assistantFromConfig } from "../../src/skills/assistant/index.js";
import { polls } from "../../src/skills/polls/index.js";

/**
 * A child-process agent for the assistant's crash test: polls, and the assistant pointed at
 * the model server named by SWITCHBOARD_ASSISTANT_BASE_URL. Configured entirely by environment.
 */
const config = loadConfig({ envFile: false });
const assistant = await assistantFromConfig(config, { names: ["helper"], maxRetries: 0 });
if (!assistant) throw new Error("SWITCHBOARD_ASSISTANT_BASE_URL is not set");
const agent = await runAgent({ name: "helper", config, skills: [polls(), assistant] });
console.log(`READY ${agent.address} ${agent.inboxId}`);
