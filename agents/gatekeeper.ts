import { z } from "zod";
import type { AgentDefinition } from "../src/index.js";
import { type LoadConfigOptions, loadConfig, secretConfigKeys } from "../src/index.js";
import { type TokenGateOptions, tokenGate } from "../src/skills/index.js";
import { runIfMain } from "./run-if-main.js";

const optionalInt = (min: number) => z.coerce.number().int().min(min).optional();

/**
 * The gatekeeper's own environment variables. The RPC URL usually carries a provider's API key,
 * so it counts as a secret: never echoed in a validation error.
 *
 * @example
 * ```ts
 * gatekeeperEnvSchema.parse({ TOKEN_GATE_RPC_URL: "https://mainnet.base.org" });
 * ```
 */
export const gatekeeperEnvSchema = z.object({
  /** JSON-RPC endpoint of the chain the gated tokens live on. */
  TOKEN_GATE_RPC_URL: z.url({
    protocol: /^https?$/,
    error: (issue) =>
      issue.input === undefined
        ? "is required: the JSON-RPC URL of the chain the gated tokens live on"
        : "must be an http:// or https:// JSON-RPC URL, e.g. https://mainnet.base.org",
  }),
  /** The chain id the endpoint must serve; optional. */
  TOKEN_GATE_CHAIN_ID: z.coerce.number().int().positive().optional(),
  /** Milliseconds between rechecks of every member; 0 turns them off. Default 1 h. */
  TOKEN_GATE_RECHECK_INTERVAL_MS: optionalInt(0),
  /** Milliseconds a member who stopped qualifying is warned before removal. Default 24 h. */
  TOKEN_GATE_GRACE_MS: optionalInt(0),
});

/**
 * The gatekeeper's agent options, for `runAgent`, tests (`TestAgent.start(gatekeeperOptions(...))`)
 * and agents that bundle several bots.
 *
 * @example
 * ```ts
 * await runAgent(gatekeeperOptions({ rpcUrl: "https://mainnet.base.org", chainId: 8453 }));
 * ```
 */
export function gatekeeperOptions(tokenGateOptions: TokenGateOptions): AgentDefinition {
  return { name: "gatekeeper", skills: [tokenGate(tokenGateOptions)], middleware: [] };
}

/**
 * {@link gatekeeperOptions} from the environment (and `.env`).
 *
 * @throws {@link SwitchboardError} `SB_ERR_CONFIG_INVALID` naming each missing or bad variable,
 * e.g. "TOKEN_GATE_RPC_URL: Invalid input: expected string, received undefined".
 * @example
 * ```ts
 * const options = gatekeeperOptionsFromEnv({ env: { TOKEN_GATE_RPC_URL: url }, envFile: false });
 * ```
 */
export function gatekeeperOptionsFromEnv(options: LoadConfigOptions = {}): AgentDefinition {
  const env = loadConfig({
    ...options,
    schema: gatekeeperEnvSchema,
    secretKeys: [...(options.secretKeys ?? secretConfigKeys), "TOKEN_GATE_RPC_URL"],
  });
  return gatekeeperOptions({
    rpcUrl: env.TOKEN_GATE_RPC_URL,
    chainId: env.TOKEN_GATE_CHAIN_ID,
    recheckIntervalMs: env.TOKEN_GATE_RECHECK_INTERVAL_MS,
    graceMs: env.TOKEN_GATE_GRACE_MS,
  });
}

/** For the chat and PM2 (see `runIfMain`): the gatekeeper configured from the environment. */
export function definition(): AgentDefinition {
  return gatekeeperOptionsFromEnv();
}

// `tsx agents/gatekeeper.ts` runs the bot; importing this file only builds options.
await runIfMain(import.meta.url, definition);
