import type { Store } from "../store/store.js";

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

  constructor(store: Store) {
    this.#store = store;
  }

  /** Moves the conversation's cursor up to a message just handled; never back. */
  async advanceCursor(message: { conversationId: string; sentAtNs: bigint }): Promise<void> {
    await this.#store.update<string>(`cursor:${message.conversationId}`, (current) =>
      current === undefined || BigInt(current) < message.sentAtNs
        ? message.sentAtNs.toString()
        : current,
    );
  }

  /** Send time of the last handled message of a conversation. */
  async cursor(conversationId: string): Promise<bigint | undefined> {
    const value = await this.#store.get<string>(`cursor:${conversationId}`);
    return value === undefined ? undefined : BigInt(value);
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
