import type { Store } from "../store/store.js";

const DAY_MS = 86_400_000;

/**
 * The runtime's memory of what it has handled, so that each message is handled once across
 * restarts and however often the stream and catch-up both deliver it: an id per handled
 * message (kept `retentionMs`) and, per conversation, the send time of the last one, which is
 * where catch-up resumes.
 */
export class HandledLedger {
  readonly #store: Store;
  readonly #retentionMs: number;
  /** Conversations known to be announced: asked of the store once, not on every message. */
  readonly #announced = new Set<string>();

  constructor(store: Store, { retentionMs = 14 * DAY_MS }: { retentionMs?: number } = {}) {
    this.#store = store;
    this.#retentionMs = retentionMs;
  }

  async isHandled(messageId: string): Promise<boolean> {
    return (await this.#store.get(`handled:${messageId}`)) !== undefined;
  }

  async markHandled(message: {
    id: string;
    conversationId: string;
    sentAtNs: bigint;
  }): Promise<void> {
    await this.#store.set(`handled:${message.id}`, 1, { ttlMs: this.#retentionMs });
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
