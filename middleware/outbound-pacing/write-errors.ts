/**
 * Why a write to XMTP failed, as far as retrying goes: refused before it left (`rate-limited`,
 * `unavailable`), maybe published (`uncertain`: sending it again blindly may duplicate it), or
 * for good (`permanent`).
 */
export type WriteFailure = "rate-limited" | "unavailable" | "uncertain" | "permanent";

/**
 * The node answered HTTP 429 / gRPC RESOURCE_EXHAUSTED, which libxmtp reports as e.g.
 * `status: ResourceExhausted, message: "1 exceeds rate limit …"`.
 */
const RATE_LIMITED = /\b429\b|rate.?limit|resource.?exhausted|too many requests/i;

/**
 * The node could not be reached: the request never got there. The forms are libxmtp's,
 * measured against a devnode behind a proxy that was then shut: `status: 'The service is
 * currently unavailable', self: "tcp connect error"`. "Signer unavailable" (node-sdk's
 * SignerUnavailableError) is deliberately not matched.
 */
const UNAVAILABLE =
  /currently unavailable|(?:status|code): '?unavailable|tcp connect error|error sending request|connection refused/i;

/**
 * The request may have reached the node: it timed out, the connection broke mid-call, or
 * libxmtp gave up waiting for its intent to show up in a sync ("Sync failed to wait for
 * intent", seen under concurrent group sends for messages the node *did* store). Only a write
 * that checks for its earlier attempt first may be sent again.
 */
const UNCERTAIN =
  /transport error|connection (?:reset|closed)|broken pipe|deadline.?exceeded|timed? ?out|sync failed to wait for intent/i;

/**
 * Classifies a write error from node-sdk (whose errors are plain `Error`s with code
 * `GenericFailure`, so only the message tells them apart), looking through `cause`s too.
 *
 * @example
 * classifyWriteError(new Error('… status: ResourceExhausted, message: "1 exceeds rate limit"'));
 * // "rate-limited"
 */
export function classifyWriteError(error: unknown): WriteFailure {
  const text = messagesOf(error).join("\n");
  if (RATE_LIMITED.test(text)) return "rate-limited";
  if (UNAVAILABLE.test(text)) return "unavailable";
  if (UNCERTAIN.test(text)) return "uncertain";
  return "permanent";
}

/**
 * Whether sending again may succeed without sending twice: rate limits and outages always,
 * an uncertain outcome only for an `idempotent` write (one that looks for its earlier attempt).
 */
export function isRetryableWriteError(error: unknown, { idempotent = false } = {}): boolean {
  const failure = classifyWriteError(error);
  return failure === "uncertain" ? idempotent : failure !== "permanent";
}

function messagesOf(error: unknown, depth = 0): string[] {
  if (depth > 5 || error === undefined || error === null) return [];
  if (!(error instanceof Error)) return [String(error)];
  return [error.message, ...messagesOf(error.cause, depth + 1)];
}
