import { z } from "zod";
import { type Store, SwitchboardError } from "../../index.js";
import { type Condition, conditionSchema } from "./conditions.js";

/** A group's gate, as `/gate set` (or a friendly form) left it. */
export type GateBinding = {
  condition: Condition;
  /** Inbox id of the admin who set it. */
  setBy: string;
  /** Epoch ms. */
  setAt: number;
};

/** A member who stopped qualifying and has been told so; removed once the grace period ends. */
export type GraceEntry = {
  /** Epoch ms of the notice; the member is removed at `since + graceMs`. */
  since: number;
  /** Why, as said in the notice. */
  reasons: string[];
};

const bindingSchema = z.object({
  condition: conditionSchema,
  setBy: z.string().min(1),
  setAt: z.number().int(),
});

const graceSchema = z.object({
  since: z.number().int(),
  reasons: z.array(z.string()),
});

const lastRecheckSchema = z.number().int();

const BINDING = "gate:";
const GRACE = "grace:";
const LAST_RECHECK = "recheck:last";
const RECHECK_LEASE = "recheck:lease";

/**
 * The token gate's state in the skill's store: which group is bound to which condition, who
 * is in their grace period, and when the last periodic recheck ran. All of it survives
 * restarts, so a notice given before a restart is still honoured after it. Values are
 * validated on the way out: the store is an edge like any other.
 *
 * @example
 * ```ts
 * const gates = new GateStore(ctx.store);
 * await gates.bind(group.id, { condition, setBy: ctx.senderInboxId, setAt: Date.now() });
 * ```
 */
export class GateStore {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async binding(groupId: string): Promise<GateBinding | undefined> {
    return this.#read(BINDING + groupId, bindingSchema);
  }

  async bind(groupId: string, binding: GateBinding): Promise<void> {
    await this.#store.set<GateBinding>(BINDING + groupId, binding);
  }

  /** Removes the gate and every pending removal in the group; true when there was a gate. */
  async unbind(groupId: string): Promise<boolean> {
    const removed = await this.#store.delete(BINDING + groupId);
    await this.endGraces(groupId);
    return removed;
  }

  /** Every bound group, in key order. */
  async bindings(): Promise<Array<{ groupId: string; binding: GateBinding }>> {
    const entries = await this.#store.list(BINDING);
    return entries.map(({ key, value }) => ({
      groupId: key.slice(BINDING.length),
      binding: this.#parse(key, value, bindingSchema),
    }));
  }

  /** Grace entries by inbox id, of one group or (without `groupId`) of every group. */
  async graces(
    groupId?: string,
  ): Promise<Array<{ groupId: string; inboxId: string; grace: GraceEntry }>> {
    const entries = await this.#store.list(groupId === undefined ? GRACE : `${GRACE}${groupId}:`);
    return entries.map(({ key, value }) => {
      const [group = "", inboxId = ""] = key.slice(GRACE.length).split(":");
      return { groupId: group, inboxId, grace: this.#parse(key, value, graceSchema) };
    });
  }

  async startGrace(groupId: string, inboxId: string, grace: GraceEntry): Promise<void> {
    await this.#store.set<GraceEntry>(graceKey(groupId, inboxId), grace);
  }

  /** True when the member had a grace entry. */
  async endGrace(groupId: string, inboxId: string): Promise<boolean> {
    return this.#store.delete(graceKey(groupId, inboxId));
  }

  /** Ends every grace period in the group: its gate is gone, or the agent is no longer in it. */
  async endGraces(groupId: string): Promise<void> {
    for (const { key } of await this.#store.list(`${GRACE}${groupId}:`)) {
      await this.#store.delete(key);
    }
  }

  /** When the last periodic recheck of every group finished, in epoch ms. */
  async lastRecheck(): Promise<number | undefined> {
    return this.#read(LAST_RECHECK, lastRecheckSchema);
  }

  async markRechecked(at: number): Promise<void> {
    await this.#store.set(LAST_RECHECK, at);
  }

  /**
   * Claims the periodic recheck for `ttlMs`, so that of several replicas of one agent only
   * one warns and removes members; true when this caller got it.
   */
  async claimRecheck(owner: string, ttlMs: number): Promise<boolean> {
    return this.#store.setIfAbsent(RECHECK_LEASE, owner, { ttlMs });
  }

  async releaseRecheck(owner: string): Promise<void> {
    // Only the owner's lease: after it expired another replica may hold a new one.
    await this.#store.update<string>(RECHECK_LEASE, (current) =>
      current === owner ? undefined : current,
    );
  }

  async #read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const value = await this.#store.get(key);
    return value === undefined ? undefined : this.#parse(key, value, schema);
  }

  #parse<T>(key: string, value: unknown, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new SwitchboardError("SB_ERR_STORE", `token-gate entry "${key}" is malformed`, {
      cause: parsed.error,
      context: { key },
    });
  }
}

const graceKey = (groupId: string, inboxId: string) => `${GRACE}${groupId}:${inboxId}`;
