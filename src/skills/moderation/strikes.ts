import type { Store } from "../../index.js";

/**
 * Strike counts per member per group, under `strikes:<groupId>:<inboxId>`.
 *
 * @example
 * const count = await new Strikes(ctx.store).add(group.id, inboxId); // 1, 2, 3...
 */
export class Strikes {
  constructor(private readonly store: Store) {}

  /** One more strike; resolves to the new count. */
  async add(groupId: string, inboxId: string): Promise<number> {
    return (await this.store.update<number>(key(groupId, inboxId), (count) => (count ?? 0) + 1))!;
  }

  async count(groupId: string, inboxId: string): Promise<number> {
    return (await this.store.get<number>(key(groupId, inboxId))) ?? 0;
  }

  /** Forgets a member's strikes, e.g. once they are removed. */
  async clear(groupId: string, inboxId: string): Promise<void> {
    await this.store.delete(key(groupId, inboxId));
  }

  /** Every member of the group with strikes. */
  async all(groupId: string): Promise<Array<{ inboxId: string; count: number }>> {
    const prefix = key(groupId, "");
    return (await this.store.list<number>(prefix)).map((entry) => ({
      inboxId: entry.key.slice(prefix.length),
      count: entry.value,
    }));
  }
}

const key = (groupId: string, inboxId: string) => `strikes:${groupId}:${inboxId}`;
