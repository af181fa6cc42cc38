/**
 * Inbound limits no benchmark reaches, as environment: every message pays for the rate-limit
 * bookkeeping (sender, conversation, global) but none is refused.
 */
export const UNREACHED_LIMITS_ENV = {
  SWITCHBOARD_RATE_LIMIT_SENDER: "1000000000/60s",
  SWITCHBOARD_RATE_LIMIT_CONVERSATION: "1000000000/60s",
  SWITCHBOARD_RATE_LIMIT_GLOBAL: "1000000000/60s",
};
