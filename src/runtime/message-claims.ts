import { randomUUID } from "node:crypto";
import type { Store } from "../store/store.js";

/**
 * Who handles a message when several replicas of one agent all receive it: the one whose
 * set-if-absent on the message id wins. A claim has a TTL and is renewed while its handler
 * runs, so a replica that dies mid-handle stops renewing and another takes over once it
 * expires. On a single process the same claim costs one store write and changes nothing.
 */
export class MessageClaims {
  readonly #store: Store;
  readonly #ttlMs: number;
  /** This process's identity in claim records. */
  readonly owner = randomUUID();

  constructor(store: Store, { ttlMs }: { ttlMs: number }) {
    this.#store = store;
    this.#ttlMs = ttlMs;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  async claim(messageId: string): Promise<boolean> {
    return this.#store.setIfAbsent(messageId, this.owner, { ttlMs: this.#ttlMs });
  }

  /** Extends our claim; false when it is no longer ours (it expired and was taken). */
  async renew(messageId: string): Promise<boolean> {
    let ours = false;
    await this.#store.update<string>(
      messageId,
      (holder) => {
        ours = holder === this.owner;
        return holder;
      },
      { ttlMs: this.#ttlMs },
    );
    return ours;
  }

  /** Gives the message back (after a failure) so another replica, or a retry, can take it. */
  async release(messageId: string): Promise<void> {
    await this.#store.update<string>(messageId, (holder) =>
      holder === this.owner ? undefined : holder,
    );
  }

  /**
   * Runs `work` while holding the claim, renewing it at half its TTL so a long handler is
   * not mistaken for a dead one.
   */
  async hold<T>(messageId: string, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(
      () => void this.renew(messageId).catch(() => undefined),
      this.#ttlMs / 2,
    );
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}
