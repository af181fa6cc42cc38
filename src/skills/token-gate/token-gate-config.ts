import { z } from "zod";

const HOUR_MS = 3_600_000;

/**
 * Options of the token-gate skill. The RPC URL often carries a provider's API key, so it is
 * never logged nor echoed in a validation message.
 *
 * @example
 * ```ts
 * tokenGate({ rpcUrl: "https://mainnet.base.org", chainId: 8453, graceMs: 86_400_000 });
 * ```
 */
export const tokenGateConfigSchema = z.object({
  /** The JSON-RPC endpoint balances and owners are read from. */
  rpcUrl: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// JSON-RPC URL" }),
  /** The chain the endpoint must serve; conditions bound without a chain id get this one. */
  chainId: z.number().int().positive().optional(),
  /** How often every gated group's members are checked again; 0 turns periodic checks off. */
  recheckIntervalMs: z.number().int().min(0).default(HOUR_MS),
  /** How long a member who stopped qualifying is warned before being removed; 0 removes at once. */
  graceMs: z
    .number()
    .int()
    .min(0)
    .default(24 * HOUR_MS),
  /** Per-request RPC timeout, so a hung endpoint gets "try later" quickly rather than silence. */
  rpcTimeoutMs: z.number().int().positive().default(5_000),
  /** Retries of a failed RPC request, with backoff. */
  rpcRetryCount: z.number().int().min(0).max(10).default(2),
});

/** The skill's options with defaults applied. */
export type TokenGateConfig = z.output<typeof tokenGateConfigSchema>;
/** What `tokenGate(options)` accepts: only `rpcUrl` is required. */
export type TokenGateOptions = z.input<typeof tokenGateConfigSchema>;
