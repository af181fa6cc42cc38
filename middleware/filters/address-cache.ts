import type { Context } from "../../src/runtime/context.js";

/** Options for {@link SenderAddressCache}. */
export interface SenderAddressCacheOptions {
  /** How long a looked-up address is trusted: an inbox can change its wallets. Default 10 min. */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
}

interface Entry {
  address: Promise<string | undefined>;
  expiresAt: number;
}

/**
 * Remembers each sender inbox's Ethereum address (lowercased), because looking it up costs a
 * network round trip per message. Concurrent lookups for one inbox share a request, and a
 * failed lookup is forgotten so that the next message tries again.
 *
 * @example
 * const cache = new SenderAddressCache();
 * const address = await cache.addressOf(ctx); // "0xab…" or undefined
 */
export class SenderAddressCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor({ ttlMs = 600_000, maxEntries = 10_000 }: SenderAddressCacheOptions = {}) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /** The sender's address, or `undefined` for events without a sender or inboxes without one. */
  addressOf(ctx: Context): Promise<string | undefined> {
    const inboxId = ctx.senderInboxId;
    if (!inboxId) return Promise.resolve(undefined);
    const now = Date.now();
    const cached = this.#entries.get(inboxId);
    if (cached && cached.expiresAt > now) return cached.address;
    const address = ctx.getSenderAddress().then((found) => found?.toLowerCase());
    address.catch(() => this.#entries.delete(inboxId));
    this.#entries.delete(inboxId);
    this.#entries.set(inboxId, { address, expiresAt: now + this.#ttlMs });
    // A Map iterates in insertion order, so the first key is the oldest.
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return address;
  }
}
