export { type AgentConfig, withAgentDataDir } from "./agent-data-dir.js";
export { configSchema, type SwitchboardConfig, secretConfigKeys } from "./config-schema.js";
export { hexKey } from "./hex-key.js";
export {
  formatEnvFile,
  type GeneratedKeys,
  generateKeys,
  identityFilePath,
  type ResolvedIdentity,
  resolveWalletKey,
  xmtpDbPath,
} from "./identity-files.js";
export { type ConfigProblem, type LoadConfigOptions, loadConfig } from "./load-config.js";
