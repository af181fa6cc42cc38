/** Why a write to XMTP failed, as far as retrying goes. */
export type WriteFailure = "rate-limited" | "unavailable" | "permanent";

/**
 * The node answered HTTP 429 / gRPC RESOURCE_EXHAUSTED, which libxmtp reports as e.g.
 * `status: ResourceExhausted, message: "1 exceeds rate limit …"`.
 */
const RATE_LIMITED = /\b429\b|rate.?limit|resource.?exhausted|too many requests/i;

/**
 * The node could not be reached or did not answer in time. The forms are libxmtp's, measured
 * against a devnode behind a proxy that was then shut: a send first fails after ~9 s with "Sync
 * failed to wait for intent", then within ~2 s with `status: 'The service is currently
 * unavailable', self: "tcp connect error"`. The failed message was not published once the node
 * came back (watched for a few seconds), so sending it again did not duplicate it there.
 * "Signer unavailable" (node-sdk's SignerUnavailableError) is deliberately not matched.
 */
const UNAVAILABLE =
  /currently unavailable|(?:status|code): '?unavailable|tcp connect error|error sending request|transport error|connection (?:refused|reset|closed)|broken pipe|deadline.?exceeded|timed? ?out|sync failed to wait for intent/i;

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
  return "permanent";
}

/** Whether sending again may succeed: rate limits and outages pass, everything else does not. */
export function isRetryableWriteError(error: unknown): boolean {
  return classifyWriteError(error) !== "permanent";
}

function messagesOf(error: unknown, depth = 0): string[] {
  if (depth > 5 || error === undefined || error === null) return [];
  if (!(error instanceof Error)) return [String(error)];
  return [error.message, ...messagesOf(error.cause, depth + 1)];
}
