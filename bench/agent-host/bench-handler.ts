import { setTimeout as sleep } from "node:timers/promises";

/** What the agent process has done so far; reported to the benchmark on request. */
export interface HandlerCounters {
  handled: number;
  failed: number;
  /** Messages the pipeline stopped before the handler (Switchboard's `limited`/`rejected`). */
  refused: number;
}

/** Replies in the conversation the text came from (a quoted reply, on both frameworks). */
export type Reply = (text: string) => Promise<void>;

/**
 * What a benchmark message asks of the agent, by its first word (see `Deliveries.token`):
 * `echo` reply at once; `io-<ms>` wait that long (an I/O-bound skill), then reply; anything
 * else only count it.
 */
function ioWaitOf(text: string): number | undefined {
  if (text.startsWith("echo:")) return 0;
  const io = /^io-(\d+):/.exec(text);
  return io ? Number(io[1]) : undefined;
}

/**
 * The one text handler both frameworks run, so they do identical work per message.
 *
 * @example
 * const handle = benchHandler(counters);
 * agent.on("text", (ctx) => handle(ctx.message.content, (text) => ctx.sendTextReply(text)));
 */
export function benchHandler(
  counters: HandlerCounters,
): (text: string, reply: Reply) => Promise<void> {
  return async (text, reply) => {
    const waitMs = ioWaitOf(text);
    if (waitMs) await sleep(waitMs);
    if (waitMs !== undefined) await reply(text);
    counters.handled += 1;
  };
}
