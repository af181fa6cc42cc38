/**
 * Every error Switchboard raises carries one of these stable codes, in the spirit of Fastify's
 * `FST_ERR_*`: callers branch on the code, never on message text, so messages can improve
 * without breaking anyone. The value is a short description used when no message is given.
 *
 * Codes are append-only: renaming or removing one is a breaking change. The store's own refusals
 * keep their older `SB_STORE_*` names (thrown as {@link StoreError}, a SwitchboardError).
 *
 * @example
 * ```ts
 * errorCodes.SB_ERR_CONFIG_INVALID; // "The runtime configuration failed validation"
 * ```
 */
export const errorCodes = {
  SB_ERR_CONFIG_INVALID: "The runtime configuration failed validation",
  SB_ERR_IDENTITY_FILE: "The agent identity file could not be read, written or parsed",
  SB_ERR_INSTANCE_LOCKED:
    "Another live process holds this agent's data dir or replica slot: one identity, one process",
  SB_ERR_XMTP_UNREACHABLE: "The XMTP node or network did not answer",
  SB_ERR_DEVNODE_PORT: "The devnode's port is taken, most likely by another devnode",
  SB_ERR_STARTUP_FAILED: "The process could not start (a missing file, an unexpected error)",
  SB_ERR_CRASH: "An error escaped every handler; the process exits so its supervisor restarts it",
  SB_ERR_COMMAND_DEFINITION: "A command definition is invalid",
  SB_ERR_COMMAND_SYNTAX: "A command line could not be split into arguments",
  SB_ERR_COMMAND_ARGS: "Command arguments failed validation",
  SB_ERR_COMMAND_UNKNOWN: "No skill handles this command",
  SB_ERR_SKILL_FAILED: "A skill threw while handling an event",
  SB_ERR_MIDDLEWARE_FAILED: "Agent-level middleware (in front of the skills) threw",
  SB_ERR_CATCH_FAILED: "The agent's own error handler (agent.catch) threw",
  SB_ERR_AGENT_STATE:
    "The agent is not in a state that allows this call (e.g. use() after start())",
  SB_ERR_CONTEXT_MISUSE:
    "A context method was called where it cannot work (react() without a message, sendActions() outside a skill...)",
  SB_ERR_NOT_A_GROUP: "This only works in a group conversation",
  SB_ERR_MIDDLEWARE_NEXT_TWICE: "A middleware called next() more than once",
  SB_ERR_MIDDLEWARE_NOT_AWAITED: "A middleware returned before the rest of the chain finished",
  SB_ERR_HOOK_FAILED: "A lifecycle hook threw",
  SB_ERR_INTENT_INVALID: "Intent metadata failed validation",
  SB_ERR_ACTION_EXPIRED: "The action was answered after it expired",
  SB_ERR_ACTION_UNKNOWN: "The action id does not match any pending action",
  SB_ERR_PERMISSION_DENIED: "The sender is not allowed to do this",
  SB_ERR_STREAM: "An XMTP stream failed",
  SB_ERR_STORE: "A storage backend operation failed",
  SB_STORE_INVALID_KEY: "A store key (or a namespace prefix) is empty or not a string",
  SB_STORE_INVALID_VALUE:
    "A store value is not plain JSON (functions, BigInt, Date, cycles, NaN...)",
  SB_STORE_INVALID_TTL: "A store ttlMs is not a positive finite number",
  SB_STORE_CORRUPT_VALUE: "What the store backend holds under a key is not JSON this store wrote",
  SB_STORE_UNAVAILABLE: "The store backend could not be reached when the store was opened",
  SB_ERR_SHUTDOWN_TIMEOUT: "In-flight work did not drain before the shutdown deadline",
  SB_ERR_RATE_LIMITED: "The sender exceeded a rate limit",
  SB_ERR_OUTBOUND_FAILED: "Sending a message failed",
  SB_ERR_GROUP_PERMISSION: "The agent lacks the group permission for this change",
  SB_ERR_GROUP_UPDATE_FAILED: "Changing the group's members or metadata failed",
  SB_ERR_TOKEN_GATE_INVALID_CONDITION:
    "A token-gate condition failed validation (bad JSON, unknown kind, bad address, nesting too deep...)",
  SB_ERR_TOKEN_GATE_RPC:
    "The token gate's RPC endpoint was unreachable, timed out, or answered with an error",
  SB_ERR_TOKEN_GATE_NOT_A_TOKEN:
    "A token-gate address did not answer balanceOf/ownerOf like a token contract",
  SB_ERR_TOKEN_GATE_WRONG_CHAIN:
    "A token-gate condition names a chain other than the one the RPC endpoint serves",
  SB_ERR_BENCH_FAILED:
    "A benchmark could not finish: its agent process failed or an expected message never came",
  SB_ERR_PLAYGROUND_REQUEST: "A playground request was malformed or failed validation",
  SB_ERR_PLAYGROUND_NOT_FOUND: "The playground has no such simulated user, conversation or message",
  SB_ERR_PLAYGROUND_STARTING: "The playground is still starting its first simulated user",
  SB_ERR_ASSISTANT_MODEL:
    "The assistant's model call failed or timed out; the sender got an apology",
  SB_ERR_METRICS_SERVER: "The metrics and health server could not listen on its port",
} as const satisfies Record<`SB_ERR_${string}` | `SB_STORE_${string}`, string>;

/**
 * The closed union of Switchboard error codes; a typo is a compile error.
 *
 * @example
 * ```ts
 * const code: ErrorCode = "SB_ERR_RATE_LIMITED";
 * ```
 */
export type ErrorCode = keyof typeof errorCodes;
