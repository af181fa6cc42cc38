import type { Client, Conversation, DecodedMessage } from "@xmtp/node-sdk";
import type { Logger } from "pino";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";

export interface StreamHandlers {
  message(message: DecodedMessage): void;
  conversation(conversation: Conversation): void;
  /** The streams were lost; `error` says why. Fired once per outage. */
  disconnected(error: Error): void;
  /** The streams are open again (or for the first time); catch up on what was missed. */
  connected(): Promise<void>;
}

interface Closable {
  end(): Promise<unknown>;
}

/**
 * Keeps the agent's two XMTP streams (all messages, new conversations) open. node-sdk retries a
 * failed stream on a fixed 60 s delay and, once restarted, never emits what its restart sync
 * pulled in; the supervisor instead reconnects with exponential backoff and, every time the
 * streams come up, lets the runtime catch up through `connected()`.
 */
export class StreamSupervisor {
  readonly #client: Client;
  readonly #handlers: StreamHandlers;
  readonly #logger: Logger;
  readonly #backoff: BackoffOptions;
  #streams: Closable[] = [];
  #reconnecting = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #reconnects = 0;

  constructor(
    client: Client,
    handlers: StreamHandlers,
    logger: Logger,
    backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {
    this.#client = client;
    this.#handlers = handlers;
    this.#logger = logger;
    this.#backoff = backoff;
  }

  /** Successful reconnections since start. */
  get reconnects(): number {
    return this.#reconnects;
  }

  get connected(): boolean {
    return this.#streams.length > 0 && !this.#reconnecting;
  }

  /** Opens the streams and runs the first catch-up; throws if the network cannot be reached. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#open();
    await this.#handlers.connected();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#close();
  }

  async #open(): Promise<void> {
    // A sync first proves the node is reachable: stream creation itself does not throw.
    await this.#client.conversations.sync();
    const failed = (what: string) => (error?: Error) =>
      this.#lost(new Error(`${what} stream failed: ${error?.message ?? "ended"}`));
    const common = { retryOnFail: false } as const;
    this.#streams = [
      await this.#client.conversations.streamAllMessages({
        ...common,
        onValue: (message) => this.#handlers.message(message),
        onFail: failed("message"),
        onError: (error) => this.#logger.warn({ err: error }, "message stream error"),
      }),
      await this.#client.conversations.stream({
        ...common,
        onValue: (conversation) => conversation && this.#handlers.conversation(conversation),
        onFail: failed("conversation"),
        onError: (error) => this.#logger.warn({ err: error }, "conversation stream error"),
      }),
    ];
  }

  async #close(): Promise<void> {
    const streams = this.#streams.splice(0);
    await Promise.allSettled(streams.map((stream) => stream.end()));
  }

  #lost(error: Error): void {
    if (this.#stopped || this.#reconnecting) return;
    this.#reconnecting = true;
    this.#handlers.disconnected(error);
    void this.#close().then(() => this.#retry(0));
  }

  #retry(attempt: number): void {
    if (this.#stopped) return;
    const delay = backoffDelay(attempt, this.#backoff);
    this.#logger.info({ attempt, delayMs: delay }, "reconnecting streams");
    this.#timer = setTimeout(async () => {
      try {
        await this.#open();
        this.#reconnecting = false;
        this.#reconnects += 1;
        await this.#handlers.connected();
      } catch (error) {
        this.#logger.warn({ err: error, attempt }, "reconnect failed");
        await this.#close();
        this.#reconnecting = true;
        this.#retry(attempt + 1);
      }
    }, delay);
  }
}
