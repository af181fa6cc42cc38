/** Options for {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this long. Default 15 s: real MLS round trips on loopback take milliseconds. */
  timeoutMs?: number;
  /** How often to re-check a polled condition. */
  intervalMs?: number;
  /** Said in the timeout error: "timed out after 15000 ms waiting for <description>". */
  description?: string;
}

export const DEFAULT_WAIT_MS = 15_000;

/**
 * Polls `check` until it returns something other than `undefined`/`null`/`false`, and returns that.
 * Times out with an error that says what was awaited and, via `explain`, what was seen instead.
 *
 * @example
 * const reply = await waitFor(() => log.find((m) => m.content === "pong"), { description: "pong" });
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions & { explain?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) {
      const seen = options.explain ? `; ${options.explain()}` : "";
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.description ?? "condition"}${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
