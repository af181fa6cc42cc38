import type { Store } from "../store/store.js";
import { isPredecessor, ownerId } from "./replica-owner.js";

/**
 * What a message's record holds once it has been handled. While a replica handles it, the
 * record holds that replica's owner string instead; {@link MessageClaims.complete} overwrites
 * the claim with this marker, so claim and "done" are one key and a handled message can never
 * be claimed again (a released claim could be, by a replica that had checked before the mark).
 */
export const HANDLED = 1;

const DAY_MS = 86_400_000;

/**
 * How a claim attempt ended: `won` afresh, `resumed` (it was this process's already, or a dead
 * predecessor's of its replica slot: the message was begun in this installation before),
 * `held` by another replica, or already `handled`.
 */
export type ClaimResult = "won" | "resumed" | "held" | "handled";

/**
 * Who handles a message when several replicas of one agent all receive it: the one whose
 * set-if-absent on the message's record wins. A claim has a TTL and is renewed while its
 * handler runs, so a replica that dies mid-handle stops renewing and another takes over once it
 * expires. Its record outlives the claim as the handled marker (kept `retentionMs`), so a
 * single write turns a won claim into a handled message: claim, mark and release used to be
 * five store round trips per message, and a released claim could be re-won.
 *
 * A process given a `replicaId` (its replica slot: at most one live process per slot) writes
 * it into its claims, and takes over at once a claim left by an earlier process of its own
 * slot: that process is dead, so waiting out the TTL would only delay the replay.
 *
 * On an `exclusive` store (no other process uses it: the embedded store, whose data dir is
 * locked to one process) there is no replica to exclude, so a claim costs no write: a message
 * costs one, its handled marker. What a restart must learn of a message begun before, that it
 * may have left a prepared reply behind, the write journal records per send before preparing
 * it (see `WriteJournal`).
 */
export class MessageClaims {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #replicaId: string | undefined;
  readonly #retentionMs: number;
  readonly #exclusive: boolean;
  /** This process's identity in claim records (see {@link ownerId}). */
  readonly owner: string;

  constructor(
    store: Store,
    {
      ttlMs,
      replicaId,
      retentionMs = 14 * DAY_MS,
      exclusive = false,
    }: { ttlMs: number; replicaId?: string; retentionMs?: number; exclusive?: boolean },
  ) {
    this.#store = store;
    this.#retentionMs = retentionMs;
    this.#exclusive = exclusive;
    this.#ttlMs = ttlMs;
    this.#replicaId = replicaId;
    this.owner = ownerId(replicaId);
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /**
   * One write when the message is new; on a lost race one read more, which also tells a
   * handled message (skip it) from one in hand elsewhere (watch it). Re-entrant: a claim this
   * process already holds (a retry after a store failure) is won again.
   */
  async claim(messageId: string): Promise<ClaimResult> {
    if (this.#exclusive) return this.#claimExclusively(messageId);
    if (await this.#store.setIfAbsent(messageId, this.owner, { ttlMs: this.#ttlMs })) return "won";
    const holder = await this.#store.get<string | number>(messageId);
    if (holder === HANDLED) return "handled";
    if (holder === undefined) return this.claim(messageId);
    if (holder === this.owner) return "resumed";
    if (!isPredecessor(holder, this.owner, this.#replicaId)) return "held";
    let seen: string | number | undefined;
    await this.#store.update<string | number>(
      messageId,
      (current) => {
        seen = current;
        // Only if nobody else took (or finished) it meanwhile.
        return current === holder || current === undefined ? this.owner : current;
      },
      { ttlMs: this.#ttlMs },
    );
    if (seen === holder) return "resumed";
    if (seen === undefined) return "won";
    return (await this.#restoreIfHandled(messageId, seen)) ? "handled" : "held";
  }

  /**
   * On an exclusive store the only record is the handled marker; another (a claim written while
   * the same data dir ran on a shared store) is an attempt begun by an earlier process.
   */
  async #claimExclusively(messageId: string): Promise<ClaimResult> {
    const record = await this.#store.get<string | number>(messageId);
    if (record === HANDLED) return "handled";
    return record === undefined ? "won" : "resumed";
  }

  /**
   * `update` applies its TTL to whatever it writes back: a handled marker it rewrote gets its
   * retention back, or it would expire with a claim's TTL and the message could be won again.
   */
  async #restoreIfHandled(messageId: string, seen: unknown): Promise<boolean> {
    if (seen !== HANDLED) return false;
    await this.complete(messageId);
    return true;
  }

  /** Extends our claim; false when it is no longer ours (it expired and was taken, or is done). */
  async renew(messageId: string): Promise<boolean> {
    let holder: string | number | undefined;
    await this.#store.update<string | number>(
      messageId,
      (current) => {
        holder = current;
        return current;
      },
      { ttlMs: this.#ttlMs },
    );
    await this.#restoreIfHandled(messageId, holder);
    return holder === this.owner;
  }

  /** Turns our claim into the handled marker: from now on no replica can claim the message. */
  async complete(messageId: string): Promise<void> {
    await this.#store.set(messageId, HANDLED, { ttlMs: this.#retentionMs });
  }

  async isHandled(messageId: string): Promise<boolean> {
    return (await this.#store.get(messageId)) === HANDLED;
  }

  /**
   * Runs `work` while holding the claim, renewing it at half its TTL so a long handler is
   * not mistaken for a dead one. Resolves only once no renewal is in flight, so that the
   * handled marker written next is never given a claim's TTL by a late renewal.
   */
  async hold<T>(messageId: string, work: () => Promise<T>): Promise<T> {
    // Nobody else could take an exclusive store's claim over.
    if (this.#exclusive) return work();
    let renewal: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      renewal = this.renew(messageId).catch(() => undefined);
    }, this.#ttlMs / 2);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await renewal;
    }
  }
}
