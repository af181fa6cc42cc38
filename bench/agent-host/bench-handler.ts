import { setTimeout as sleep } from "node:timers/promises";
import type { HostOptions } from "./protocol.js";

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
 * The one text handler both frameworks run, so they do identical work per message: echo the
 * text back, echo it after `ioMs` of simulated I/O, or only count it.
 *
 * @example
 * const handle = benchHandler({ handler: "io-echo", ioMs: 50 }, counters);
 * agent.on("text", (ctx) => handle(ctx.message.content, (text) => ctx.sendTextReply(text)));
 */
export function benchHandler(
  options: Pick<Required<HostOptions>, "handler" | "ioMs">,
  counters: HandlerCounters,
): (text: string, reply: Reply) => Promise<void> {
  return async (text, reply) => {
    if (options.handler === "io-echo") await sleep(options.ioMs);
    if (options.handler !== "count") await reply(text);
    counters.handled += 1;
  };
}
