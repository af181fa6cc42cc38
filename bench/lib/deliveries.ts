import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import type { TestUser } from "../../src/testing/test-user.js";

/** One expected message seen by one receiver. */
export interface Arrival {
  token: string;
  conversationId: string;
  /** `performance.now()` when the receiver's stream delivered it. */
  at: number;
  /** From just before the send call to `at`. */
  latencyMs: number;
}

interface Pending {
  sentAt: number;
  remaining: number;
  done: Deferred<number>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * Measures send → receive times of text messages between real clients in this process: each
 * message is a unique token, stamped just before it is sent and matched when a watched user's
 * stream delivers it (as a text, or as the text of a quoted reply). Listening to the stream,
 * rather than polling a log, keeps the timer resolution at the event loop's.
 *
 * @example
 * const deliveries = new Deliveries().watch(bob);
 * const token = deliveries.token("echo", 1);
 * await deliveries.send(dmToBob, token);
 * await deliveries.delivered(token);
 */
export class Deliveries {
  readonly arrivals: Arrival[] = [];
  readonly #run = randomBytes(4).toString("hex");
  readonly #pending = new Map<string, Pending>();
  readonly #unsubscribe: Array<() => void> = [];
  #firstSentAt = Number.POSITIVE_INFINITY;
  #outstanding = 0;
  #idle: Deferred<void> | undefined;

  /** Starts recording expected tokens that reach `users` from someone else. */
  watch(...users: TestUser[]): this {
    for (const user of users) {
      this.#unsubscribe.push(
        user.log.onMessage((message) => {
          if (message.senderInboxId !== user.inboxId) this.#record(message);
        }),
      );
    }
    return this;
  }

  /**
   * A token unique to this tracker. Its first word tells a benchmark agent what to do with it
   * (`echo`, `io-50`; anything else is only counted); `parts` say what it is, for debugging.
   */
  token(...parts: [string | number, ...Array<string | number>]): string {
    const [first, ...rest] = parts;
    return [first, this.#run, ...rest].join(":");
  }

  /** Stamps `token` as expected by `receivers` watched users, then sends it into `conversation`. */
  async send(conversation: Conversation, token: string, receivers = 1): Promise<void> {
    const sentAt = performance.now();
    this.#firstSentAt = Math.min(this.#firstSentAt, sentAt);
    this.#pending.set(token, { sentAt, remaining: receivers, done: deferred<number>() });
    this.#outstanding += receivers;
    await conversation.sendText(token);
  }

  /**
   * Resolves with the send → receive latency once every expected receiver has got `token`
   * (the last receiver's); rejects with `SB_ERR_BENCH_FAILED` after `timeoutMs`.
   */
  async delivered(token: string, timeoutMs = 30_000): Promise<number> {
    const pending = this.#pending.get(token);
    if (!pending) throw new SwitchboardError("SB_ERR_BENCH_FAILED", `${token} was never sent`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new SwitchboardError(
              "SB_ERR_BENCH_FAILED",
              `${token}: ${pending.remaining} delivery(ies) missing after ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([pending.done.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for every expected delivery, up to `timeoutMs`; returns how many never came. */
  async settle(timeoutMs: number): Promise<{ missing: number }> {
    if (this.#outstanding > 0) {
      this.#idle = deferred<void>();
      const timer = setTimeout(() => this.#idle?.resolve(), timeoutMs);
      await this.#idle.promise;
      clearTimeout(timer);
    }
    return { missing: this.#outstanding };
  }

  /** Send → receive latencies of every arrival, in milliseconds. */
  get latencies(): number[] {
    return this.arrivals.map((arrival) => arrival.latencyMs);
  }

  /** From the first send to the last arrival, in milliseconds. */
  get spanMs(): number {
    const last = this.arrivals.at(-1)?.at ?? Number.NaN;
    return last - this.#firstSentAt;
  }

  /** Stops listening. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  #record(message: DecodedMessage): void {
    const token = textOf(message);
    const pending = token === undefined ? undefined : this.#pending.get(token);
    if (!token || !pending || pending.remaining === 0) return;
    const at = performance.now();
    const latencyMs = at - pending.sentAt;
    this.arrivals.push({
      token,
      conversationId: message.conversationId,
      at,
      latencyMs,
    });
    pending.remaining -= 1;
    this.#outstanding -= 1;
    if (pending.remaining === 0) pending.done.resolve(latencyMs);
    if (this.#outstanding === 0) this.#idle?.resolve();
  }
}

/** The text a message carries: a text or markdown body, or the text of a quoted reply. */
function textOf(message: DecodedMessage): string | undefined {
  const content: unknown = message.content;
  if (typeof content === "string") return content;
  const inner = (content as { content?: unknown } | undefined)?.content;
  return typeof inner === "string" ? inner : undefined;
}
