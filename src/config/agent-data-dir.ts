import { join } from "node:path";
import type { SwitchboardConfig } from "./config-schema.js";

/** The configuration an agent runs with: its data dir always resolved. */
export type AgentConfig = SwitchboardConfig & { SWITCHBOARD_DATA_DIR: string };

/** Where agents keep their files when `SWITCHBOARD_DATA_DIR` is not set: one folder each. */
export const DATA_ROOT = ".data";

/**
 * Resolves the agent's data dir: `SWITCHBOARD_DATA_DIR` when set, else `.data/<name>`. Keyed by
 * name so that two agents started side by side (`tsx agents/pollbot.ts`, `tsx
 * agents/moderator.ts`) get two identities, two XMTP databases and two stores.
 *
 * @example
 * ```ts
 * withAgentDataDir(loadConfig(), "pollbot").SWITCHBOARD_DATA_DIR; // ".data/pollbot"
 * ```
 */
export function withAgentDataDir(config: SwitchboardConfig, name: string): AgentConfig {
  return {
    ...config,
    SWITCHBOARD_DATA_DIR: config.SWITCHBOARD_DATA_DIR ?? join(DATA_ROOT, safeFolderName(name)),
  };
}

/** Agent names are free text; a folder name keeps letters, digits, `.`, `_` and `-`. */
function safeFolderName(name: string): string {
  const safe = name.replace(/[^\w.-]+/g, "-").replace(/^\.+/, "");
  return safe || "agent";
}
