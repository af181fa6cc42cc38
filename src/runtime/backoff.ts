export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 30_000 };

/**
 * Exponential backoff with full jitter (AWS architecture blog): attempt 0 waits up to
 * `initialMs`, each further attempt doubles the ceiling up to `maxMs`. Jitter keeps replicas
 * that lost the same node from reconnecting in lockstep.
 */
export function backoffDelay(
  attempt: number,
  { initialMs, maxMs }: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
