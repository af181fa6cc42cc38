/**
 * Limits no benchmark reaches, as environment: every message pays for the inbound rate-limit
 * bookkeeping (sender, conversation, global) but none is refused, and every reply goes through
 * the outbound pacer but never waits for budget. A full run sends about 3,400 replies in under
 * three minutes, over XMTP's 3,000 writes per 5 minutes that the pacer keeps to by default; the
 * devnode does not enforce that limit, so the bare agent-sdk agent is not held to it either.
 */
export const UNREACHED_LIMITS_ENV = {
  SWITCHBOARD_RATE_LIMIT_SENDER: "1000000000/60s",
  SWITCHBOARD_RATE_LIMIT_CONVERSATION: "1000000000/60s",
  SWITCHBOARD_RATE_LIMIT_GLOBAL: "1000000000/60s",
  SWITCHBOARD_OUTBOUND_BUDGET: "1000000000/300s",
};
