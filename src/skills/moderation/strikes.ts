import { z } from "zod";
import type { Store } from "../../index.js";

/** When each of a member's live strikes was given (ms), oldest first, as stored. */
const timesSchema = z.array(z.number());

/**
 * Strikes per member per group, under `strikes:<groupId>:<inboxId>`. Each strike expires
 * `windowMs` after it was given, so a member is removed for `limit` strikes within the
 * window, not for a lifetime's total; the entry itself expires a window after the last strike.
 * Counts stored by versions whose strikes never expired carry no times and are forgiven.
 *
 * @example
 * const strikes = new Strikes(ctx.store, 24 * 3_600_000);
 * const count = await strikes.add(group.id, inboxId); // 1, 2, 3... within 24 hours
 */
export class Strikes {
  constructor(
    private readonly store: Store,
    private readonly windowMs: number,
  ) {}

  /** One more strike; resolves to the member's live strikes, this one included. */
  async add(groupId: string, inboxId: string, at = Date.now()): Promise<number> {
    let count = 0;
    await this.store.update<number[]>(
      key(groupId, inboxId),
      (current) => {
        const times = [...this.#live(current, at), at];
        count = times.length;
        return times;
      },
      { ttlMs: this.windowMs },
    );
    return count;
  }

  async count(groupId: string, inboxId: string, at = Date.now()): Promise<number> {
    return this.#live(await this.store.get(key(groupId, inboxId)), at).length;
  }

  /** Forgets a member's strikes, e.g. once they are removed. */
  async clear(groupId: string, inboxId: string): Promise<void> {
    await this.store.delete(key(groupId, inboxId));
  }

  /** Every member of the group with live strikes. */
  async all(groupId: string, at = Date.now()): Promise<Array<{ inboxId: string; count: number }>> {
    const prefix = key(groupId, "");
    return (await this.store.list(prefix)).flatMap((entry) => {
      const count = this.#live(entry.value, at).length;
      return count > 0 ? [{ inboxId: entry.key.slice(prefix.length), count }] : [];
    });
  }

  #live(stored: unknown, at: number): number[] {
    const times = timesSchema.safeParse(stored).data ?? [];
    return times.filter((time) => time > at - this.windowMs);
  }
}

const key = (groupId: string, inboxId: string) => `strikes:${groupId}:${inboxId}`;
