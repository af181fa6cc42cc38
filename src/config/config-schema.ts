import type { LevelWithSilent } from "pino";
import { z } from "zod";
import { hexKey } from "./hex-key.js";
import { rateRule, rateRuleOrOff } from "./rate-rule.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * The runtime configuration, read from environment variables (and `.env`, see `loadConfig`).
 * Agents add their own variables with `.extend`, and pass the result to `loadConfig`.
 *
 * @example
 * ```ts
 * const schema = configSchema.extend({ OPENAI_API_KEY: z.string().min(1) });
 * const config = loadConfig({ schema, secretKeys: [...secretConfigKeys, "OPENAI_API_KEY"] });
 * ```
 */
export const configSchema = z.object({
  /** Which XMTP network to join. */
  XMTP_ENV: z.enum(["local", "dev", "production"]).default("local"),
  /** The agent's wallet key; when absent, an identity is generated and kept in the data dir. */
  XMTP_WALLET_KEY: hexKey.optional(),
  /** Encrypts the local XMTP database. */
  XMTP_DB_ENCRYPTION_KEY: hexKey.optional(),
  /**
   * Where the agent's identity, XMTP database and embedded store live; `.data/<agent name>` when
   * unset, so every agent has its own. One live process per data dir (a lock file enforces it).
   */
  SWITCHBOARD_DATA_DIR: z.string().min(1).optional(),
  /**
   * agent-sdk's variable for the XMTP database folder, honoured: the database goes there
   * instead of the data dir (identity and store stay in the data dir).
   */
  XMTP_DB_DIRECTORY: z.string().min(1).optional(),
  /** agent-sdk's libxmtp log level override (it applies it itself); checked here, not ignored. */
  XMTP_FORCE_DEBUG_LEVEL: z
    .string()
    .regex(
      /^(off|error|warn|info|debug|trace)$/i,
      "expected off, error, warn, info, debug or trace",
    )
    .optional(),
  /**
   * agent-sdk's `createFromEnv` reads it; Switchboard connects through `XMTP_ENV` only, so a
   * value here would be silently ignored: refuse it instead.
   */
  XMTP_GATEWAY_HOST: z
    .undefined({
      error:
        "not supported: Switchboard connects by XMTP_ENV (local, dev, production) only; unset it",
    })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS satisfies readonly LevelWithSilent[]).default("info"),
  /** How many conversations are handled in parallel. */
  SWITCHBOARD_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** How long shutdown waits for in-flight messages before giving up. */
  SWITCHBOARD_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Port for the Prometheus metrics server; absent means no server. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /**
   * Host names the metrics server answers besides loopback ones, comma-separated (e.g. the name
   * Prometheus scrapes it by); any other `Host` header gets 421, so a DNS-rebinding page cannot
   * read `/metrics`.
   */
  METRICS_ALLOWED_HOSTS: z
    .string()
    .transform((list) =>
      list
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .optional(),
  /** Redis for shared stores and rate limits; absent means in-memory stores. */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
    .optional(),
  /**
   * This replica's slot (at most one live process each), e.g. PM2's instance number: a replica
   * restarted after a crash then replays its in-flight message at once, not after the claim TTL.
   */
  SWITCHBOARD_REPLICA_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, "letters, digits, '_', '.' or '-', at most 64")
    .optional(),
  /** Inbound messages one sender may send, e.g. "20/60s", or "off"; see `rateLimit()`. */
  SWITCHBOARD_RATE_LIMIT_SENDER: rateRuleOrOff.optional(),
  /** Inbound messages one conversation may carry, e.g. "60/60s", or "off". */
  SWITCHBOARD_RATE_LIMIT_CONVERSATION: rateRuleOrOff.optional(),
  /** Inbound messages the agent handles in all, e.g. "500/60s", or "off". */
  SWITCHBOARD_RATE_LIMIT_GLOBAL: rateRuleOrOff.optional(),
  /** The agent's own XMTP writes per rolling window, e.g. "3000/5m"; see `outboundPacing()`. */
  SWITCHBOARD_OUTBOUND_BUDGET: rateRule.optional(),
  /** Share of the outbound budget kept free for libxmtp's own writes, from 0 to 0.9. */
  SWITCHBOARD_OUTBOUND_HEADROOM: z.coerce.number().min(0).max(0.9).optional(),
  /** Attempts per outbound write before giving up on rate-limit and network errors. */
  SWITCHBOARD_OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).optional(),
  /**
   * An OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio...) for the
   * assistant skill, e.g. "http://127.0.0.1:11434/v1"; absent means no assistant.
   */
  SWITCHBOARD_ASSISTANT_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .optional(),
  /** The model the assistant asks, e.g. "qwen2.5:7b"; required with the base URL. */
  SWITCHBOARD_ASSISTANT_MODEL: z.string().trim().min(1).max(200).optional(),
  /** Sent as a bearer token when the endpoint wants one; redacted from logs. */
  SWITCHBOARD_ASSISTANT_API_KEY: z.string().min(1).optional(),
  /** Model calls per message, tool rounds included. */
  SWITCHBOARD_ASSISTANT_MAX_STEPS: z.coerce.number().int().min(1).max(20).optional(),
  /** How long one model call may take before the agent apologises. */
  SWITCHBOARD_ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  /** Tokens one message may use across its model calls. */
  SWITCHBOARD_ASSISTANT_MAX_TOKENS_PER_MESSAGE: z.coerce.number().int().min(1).optional(),
  /** Tokens one sender may use per window, e.g. "200000/1h". */
  SWITCHBOARD_ASSISTANT_SENDER_BUDGET: rateRule.optional(),
  /** Comma-separated handles that address the agent in groups, e.g. "pollbot,bot". */
  SWITCHBOARD_ASSISTANT_NAMES: z
    .string()
    .transform((text) =>
      text
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .optional(),
});

/**
 * Variables whose values must never appear in logs or error messages.
 *
 * @example
 * ```ts
 * loadConfig({ schema, secretKeys: [...secretConfigKeys, "OPENAI_API_KEY"] });
 * ```
 */
export const secretConfigKeys = [
  "XMTP_WALLET_KEY",
  "XMTP_DB_ENCRYPTION_KEY",
  "SWITCHBOARD_ASSISTANT_API_KEY",
] as const;

/**
 * The parsed configuration: defaults applied, numbers coerced.
 *
 * @example
 * ```ts
 * function startMetrics(config: SwitchboardConfig) {
 *   if (config.METRICS_PORT !== undefined) listen(config.METRICS_PORT);
 * }
 * ```
 */
export type SwitchboardConfig = z.output<typeof configSchema>;
