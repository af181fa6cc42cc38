import type { Client, DecodedMessage } from "@xmtp/node-sdk";
import { type WaitOptions, waitFor } from "./wait-for.js";

/**
 * While a wait finds nothing, sync with the network this often: a client's stream can miss
 * messages (see {@link MessageLog.catchUp}), and a user's app would show them after a sync.
 */
const CATCH_UP_WHILE_WAITING_MS = 2_000;

/**
 * Everything a client receives, recorded from its live message stream so tests can wait for a
 * message that may already have arrived.
 */
export class MessageLog {
  readonly messages: DecodedMessage[] = [];
  readonly #seen = new Set<string>();
  readonly #listeners = new Set<(message: DecodedMessage) => void>();
  readonly #client: Client;
  /** When recording began: catch-ups record what arrived since, never older history. */
  readonly #sinceNs: bigint;
  #stream: { end(): Promise<unknown> } | undefined;

  private constructor(client: Client) {
    this.#client = client;
    this.#sinceNs = BigInt(Date.now()) * 1_000_000n;
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

  /**
   * Records whatever a network sync finds that the stream did not deliver. A restarted stream
   * never emits what its restart sync pulled in, so the gap can sit before messages the stream
   * did deliver: look at everything since recording began, not just past the newest message.
   */
  async catchUp(): Promise<void> {
    await this.#client.conversations.syncAll();
    for (const conversation of await this.#client.conversations.list()) {
      for (const message of await conversation.messages({ sentAfterNs: this.#sinceNs })) {
        this.record(message);
      }
    }
  }

  /**
   * Resolves with the first recorded message matching `predicate`, waiting if needed and
   * syncing now and then while nothing matches.
   */
  waitFor(
    predicate: (message: DecodedMessage) => boolean,
    options: WaitOptions = {},
  ): Promise<DecodedMessage> {
    let lastCatchUp = Date.now();
    const find = async () => {
      const found = this.messages.find(predicate);
      if (found || Date.now() - lastCatchUp < CATCH_UP_WHILE_WAITING_MS) return found;
      lastCatchUp = Date.now();
      await this.catchUp().catch(() => undefined);
      return this.messages.find(predicate);
    };
    return waitFor(find, {
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
