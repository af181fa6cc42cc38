import type { Client, DecodedMessage } from "@xmtp/node-sdk";
import { type WaitOptions, waitFor } from "./wait-for.js";

/**
 * Everything a client receives, recorded from its live message stream so tests can wait for a
 * message that may already have arrived.
 */
export class MessageLog {
  readonly messages: DecodedMessage[] = [];
  readonly #seen = new Set<string>();
  readonly #listeners = new Set<(message: DecodedMessage) => void>();
  readonly #client: Client;
  #stream: { end(): Promise<unknown> } | undefined;

  private constructor(client: Client) {
    this.#client = client;
  }

  static async start(client: Client): Promise<MessageLog> {
    const log = new MessageLog(client);
    log.#stream = await client.conversations.streamAllMessages({
      onValue: (message) => log.record(message),
      // node-sdk waits 60 s before re-opening a broken stream; tests that restart the
      // devnode need the simulated user back within a second.
      retryDelay: 250,
      retryAttempts: 1_000,
      // A restarted stream syncs first and never emits what that sync pulled in.
      onRestart: () => void log.catchUp(),
    });
    return log;
  }

  record(message: DecodedMessage): void {
    if (this.#seen.has(message.id)) return;
    this.#seen.add(message.id);
    this.messages.push(message);
    for (const listener of this.#listeners) listener(message);
  }

  /** Calls `listener` for every message recorded from now on; returns the unsubscribe. */
  onMessage(listener: (message: DecodedMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records whatever a network sync finds that the stream did not deliver. */
  async catchUp(): Promise<void> {
    await this.#client.conversations.syncAll();
    // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigint
    const newest = this.messages.reduce((max, m) => (m.sentAtNs > max ? m.sentAtNs : max), 0n);
    for (const conversation of await this.#client.conversations.list()) {
      for (const message of await conversation.messages({ sentAfterNs: newest })) {
        this.record(message);
      }
    }
  }

  /** Resolves with the first recorded message matching `predicate`, waiting if needed. */
  waitFor(
    predicate: (message: DecodedMessage) => boolean,
    options: WaitOptions = {},
  ): Promise<DecodedMessage> {
    return waitFor(() => this.messages.find(predicate), {
      ...options,
      explain: () => `received ${this.messages.length}: ${this.describeRecent()}`,
    });
  }

  /** The last few messages, for timeout errors that show what came instead. */
  describeRecent(count = 5): string {
    return (
      this.messages
        .slice(-count)
        .map(
          (m) => `${m.contentType?.typeId}:${JSON.stringify(m.content, bigintSafe)?.slice(0, 80)}`,
        )
        .join(" | ") || "nothing"
    );
  }

  async stop(): Promise<void> {
    await this.#stream?.end();
  }
}

const bigintSafe = (_key: string, value: unknown) =>
  typeof value === "bigint" ? value.toString() : value;
