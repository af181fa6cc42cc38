import { randomUUID } from "node:crypto";
import type { Store } from "../store/store.js";

/**
 * Who handles a message when several replicas of one agent all receive it: the one whose
 * set-if-absent on the message id wins. A claim has a TTL and is renewed while its handler
 * runs, so a replica that dies mid-handle stops renewing and another takes over once it
 * expires. On a single process the same claim costs one store write and changes nothing.
 *
 * A process given a `replicaId` (its replica slot: at most one live process per slot) writes
 * it into its claims, and takes over at once a claim left by an earlier process of its own
 * slot: that process is dead, so waiting out the TTL would only delay the replay.
 */
export class MessageClaims {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #replicaId: string | undefined;
  /** This process's identity in claim records: `<replicaId>/<uuid>`, or a bare uuid. */
  readonly owner: string;

  constructor(store: Store, { ttlMs, replicaId }: { ttlMs: number; replicaId?: string }) {
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#replicaId = replicaId;
    this.owner = replicaId === undefined ? randomUUID() : `${replicaId}/${randomUUID()}`;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  async claim(messageId: string): Promise<boolean> {
    if (await this.#store.setIfAbsent(messageId, this.owner, { ttlMs: this.#ttlMs })) return true;
    // Without a slot no claim can be a predecessor's: spare the read.
    if (this.#replicaId === undefined) return false;
    // Read first: an update that left a live holder's claim in place would still renew it.
    const holder = await this.#store.get<string>(messageId);
    if (holder === undefined || holder === this.owner || !this.#isPredecessor(holder)) return false;
    let taken = false;
    await this.#store.update<string>(
      messageId,
      (current) => {
        // Only if nobody else took it meanwhile.
        taken = current === holder || current === undefined;
        return taken ? this.owner : current;
      },
      { ttlMs: this.#ttlMs },
    );
    return taken;
  }

  /** A claim written by an earlier process of this replica slot, which must have died. */
  #isPredecessor(holder: string): boolean {
    const slash = holder.lastIndexOf("/");
    return slash > 0 && holder.slice(0, slash) === this.#replicaId;
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
