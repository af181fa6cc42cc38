import type { Store } from "../store/store.js";
import { isPredecessor } from "./replica-owner.js";

/**
 * Which replica handles a conversation: the one holding its lease, like a consumer group's
 * partition ownership. One owner at a time keeps each conversation in order across replicas,
 * which per-message claims alone cannot (two replicas would run two of its messages at once).
 *
 * A lease lasts `ttlMs` and is renewed in the background while its conversation is active, so
 * the owner checks it without a store call. A replica that dies stops renewing; once its leases
 * expire, the others take its conversations over. A replica that joins takes conversations
 * that are new or were idle for a lease's lifetime; one restarted in the same replica slot
 * takes its predecessor's leases back at once.
 */
export class ConversationLeases {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #owner: string;
  readonly #replicaId: string | undefined;
  readonly #busy: (conversationId: string) => boolean;
  /** Leases held: until when we may trust ours without asking, and when last used. */
  readonly #held = new Map<string, { trustedUntil: number; usedAt: number }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    store: Store,
    {
      ttlMs,
      owner,
      replicaId,
      busy,
    }: {
      ttlMs: number;
      owner: string;
      replicaId?: string;
      /** Whether this replica still has work in hand for a conversation: its lease is kept. */
      busy: (conversationId: string) => boolean;
    },
  ) {
    this.#busy = busy;
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#owner = owner;
    this.#replicaId = replicaId;
  }

  /** True when this replica owns the conversation now (it may just have taken it). */
  async acquire(conversationId: string): Promise<boolean> {
    const now = Date.now();
    const held = this.#held.get(conversationId);
    if (held && held.trustedUntil > now) {
      held.usedAt = now;
      return true;
    }
    let ours = await this.#store.setIfAbsent(conversationId, this.#owner, { ttlMs: this.#ttlMs });
    if (!ours) {
      const holder = await this.#store.get<string>(conversationId);
      ours =
        holder === this.#owner ||
        holder === undefined ||
        isPredecessor(holder, this.#owner, this.#replicaId);
      if (ours) ours = await this.#extend(conversationId, holder);
    }
    if (ours) this.#hold(conversationId, now);
    else this.#held.delete(conversationId);
    return ours;
  }

  /** Starts renewing held leases; a third of the TTL leaves two renewals' slack. */
  start(): void {
    this.#timer ??= setInterval(() => void this.#renewAll(), this.#ttlMs / 3);
  }

  /** Stops renewing and hands every lease back, so the others take over at once. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const held = [...this.#held.keys()];
    this.#held.clear();
    await Promise.all(
      held.map((id) =>
        this.#store
          .update<string>(id, (holder) => (holder === this.#owner ? undefined : holder))
          .catch(() => undefined),
      ),
    );
  }

  /** Sets the lease to us if it still holds `expected` (ours, a dead predecessor's, or none). */
  async #extend(conversationId: string, expected: string | undefined): Promise<boolean> {
    let ours = false;
    await this.#store.update<string>(
      conversationId,
      (current) => {
        ours = current === expected || current === undefined || current === this.#owner;
        return ours ? this.#owner : current;
      },
      { ttlMs: this.#ttlMs },
    );
    return ours;
  }

  #hold(conversationId: string, now: number): void {
    // Trusted for two thirds of the TTL: the renewal runs every third.
    this.#held.set(conversationId, { trustedUntil: now + (this.#ttlMs * 2) / 3, usedAt: now });
  }

  /**
   * Renews the leases of conversations busy or used within a TTL; the others are let go (they
   * expire), so idle conversations spread over replicas that join.
   */
  async #renewAll(): Promise<void> {
    const now = Date.now();
    const renewals = [...this.#held].map(async ([id, lease]) => {
      if (now - lease.usedAt > this.#ttlMs && !this.#busy(id)) {
        this.#held.delete(id);
        return;
      }
      if (await this.#extend(id, this.#owner).catch(() => false)) {
        lease.trustedUntil = Date.now() + (this.#ttlMs * 2) / 3;
      } else {
        this.#held.delete(id);
      }
    });
    await Promise.all(renewals);
  }
}
