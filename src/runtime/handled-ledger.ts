import type { Store } from "../store/store.js";

/** How long a moved cursor may wait in memory before it is written (see `advanceCursor`). */
export const CURSOR_WRITE_DELAY_MS = 1_000;

/**
 * The runtime's memory of where it stands in each conversation: the send time of the last
 * handled message, which is where catch-up resumes, when the agent first ran, and which
 * conversations it has announced. Which messages are handled is the claims' record
 * ({@link MessageClaims}).
 */
export class HandledLedger {
  readonly #store: Store;
  /** Conversations known to be announced: asked of the store once, not on every message. */
  readonly #announced = new Set<string>();
  /** Cursors moved since they were last written, by conversation. */
  readonly #unwritten = new Map<string, bigint>();
  readonly #onWriteError: (error: unknown) => void;
  #writeTimer: NodeJS.Timeout | undefined;

  /** @param onWriteError told when a delayed cursor write failed; it is tried again later */
  constructor(
    store: Store,
    { onWriteError = () => {} }: { onWriteError?: (error: unknown) => void } = {},
  ) {
    this.#store = store;
    this.#onWriteError = onWriteError;
  }

  /**
   * Moves the conversation's cursor up to a message just handled; never back. The move reaches
   * the store within {@link CURSOR_WRITE_DELAY_MS}, one write per conversation however many
   * messages it handled meanwhile, instead of a synchronous SQLite transaction per message.
   * A cursor only says where a catch-up starts looking: the catch-up looks back ten minutes
   * before it and skips handled messages by their own records, so a cursor left a second
   * behind by a crash costs a few store reads, never a message.
   */
  advanceCursor({ conversationId, sentAtNs }: { conversationId: string; sentAtNs: bigint }): void {
    const unwritten = this.#unwritten.get(conversationId);
    if (unwritten === undefined || unwritten < sentAtNs) {
      this.#unwritten.set(conversationId, sentAtNs);
    }
    this.#writeTimer ??= setTimeout(() => {
      this.writeCursors().catch(this.#onWriteError);
    }, CURSOR_WRITE_DELAY_MS).unref();
  }

  /** Writes every moved cursor now (the runtime does so when it stops). */
  async writeCursors(): Promise<void> {
    clearTimeout(this.#writeTimer);
    this.#writeTimer = undefined;
    const moved = [...this.#unwritten];
    this.#unwritten.clear();
    for (const [index, [conversationId, sentAtNs]] of moved.entries()) {
      try {
        await this.#store.update<string>(`cursor:${conversationId}`, (current) =>
          current === undefined || BigInt(current) < sentAtNs ? sentAtNs.toString() : current,
        );
      } catch (error) {
        // Kept for the next try, unless the conversation has moved on again meanwhile.
        for (const [id, ns] of moved.slice(index))
          this.advanceCursor({ conversationId: id, sentAtNs: ns });
        throw error;
      }
    }
  }

  /** Send time of the last handled message of a conversation. */
  async cursor(conversationId: string): Promise<bigint | undefined> {
    const value = await this.#store.get<string>(`cursor:${conversationId}`);
    const stored = value === undefined ? undefined : BigInt(value);
    const unwritten = this.#unwritten.get(conversationId);
    if (unwritten === undefined) return stored;
    return stored === undefined || unwritten > stored ? unwritten : stored;
  }

  /**
   * When this agent first ran (ns). Conversations it has no cursor for are replayed from here:
   * history from before the agent existed is not its to answer.
   */
  async since(nowNs: bigint): Promise<bigint> {
    await this.#store.setIfAbsent("since", nowNs.toString());
    return BigInt((await this.#store.get<string>("since")) ?? nowNs.toString());
  }

  /** Marks a conversation as announced, so the `conversation` event fires once per conversation. */
  async firstSighting(conversationId: string): Promise<boolean> {
    if (this.#announced.has(conversationId)) return false;
    const first = await this.#store.setIfAbsent(`conversation:${conversationId}`, 1);
    // Announced is forever (the key has no TTL), so remembering it can never go stale.
    this.#announced.add(conversationId);
    return first;
  }
}
