import type { Logger } from "pino";
import { z } from "zod";
import { type Json, type Store, SwitchboardError } from "../../index.js";
import { type Rule, type RuleSpec, ruleSpecSchema } from "./rule.js";

/** More rules than this per group is a sign of a script, not a moderator. */
export const MAX_RULES = 50;

// Specs are kept as stored and validated when read, so a rule an older version accepted and
// this one refuses is skipped (and logged) instead of wiping the group's other rules.
const bookSchema = z.object({
  nextId: z.number().int().min(1),
  rules: z.array(z.object({ id: z.number().int().min(1), spec: z.unknown() })),
});
type Book = { nextId: number; rules: Array<{ id: number; spec: Json }> };

/**
 * The rules of each group, in the skill's store under `rules:<groupId>`. A group nobody has
 * configured yet has the skill's default rules (numbered 1, 2...), which admins can remove
 * like any other. Changes are atomic store updates.
 *
 * @example
 * const book = new RuleBook(ctx.store, config.rules);
 * const rule = await book.add(group.id, { type: "length", max: 500 });
 */
export class RuleBook {
  constructor(
    private readonly store: Store,
    private readonly defaults: readonly RuleSpec[],
  ) {}

  /** The group's valid rules in order; invalid stored ones are logged and skipped. */
  async list(groupId: string, log: Logger): Promise<Rule[]> {
    const book = this.#read(groupId, await this.store.get(key(groupId)));
    return book.rules.flatMap(({ id, spec }) => {
      const parsed = ruleSpecSchema.safeParse(spec);
      if (parsed.success) return [{ id, spec: parsed.data }];
      log.warn(
        { groupId, ruleId: id, reason: parsed.error.issues[0]?.message },
        "stored rule skipped",
      );
      return [];
    });
  }

  /** Adds a rule; undefined when the group already has {@link MAX_RULES}. */
  async add(groupId: string, spec: RuleSpec): Promise<Rule | undefined> {
    let added: Rule | undefined;
    await this.store.update<Book>(key(groupId), (current) => {
      const book = this.#read(groupId, current);
      added = undefined;
      if (book.rules.length >= MAX_RULES) return book;
      added = { id: book.nextId, spec };
      return { nextId: book.nextId + 1, rules: [...book.rules, added] };
    });
    return added;
  }

  /** Removes rule `id` (even one that no longer validates); undefined when there was none. */
  async remove(groupId: string, id: number): Promise<{ id: number; spec: Json } | undefined> {
    let removed: { id: number; spec: Json } | undefined;
    await this.store.update<Book>(key(groupId), (current) => {
      const book = this.#read(groupId, current);
      removed = book.rules.find((rule) => rule.id === id);
      return { ...book, rules: book.rules.filter((rule) => rule.id !== id) };
    });
    return removed;
  }

  #read(groupId: string, value: unknown): Book {
    if (value === undefined) {
      return {
        nextId: this.defaults.length + 1,
        rules: this.defaults.map((spec, index) => ({ id: index + 1, spec })),
      };
    }
    const parsed = bookSchema.safeParse(value);
    if (!parsed.success) {
      throw new SwitchboardError("SB_ERR_STORE", `the rules of group ${groupId} are corrupt`, {
        cause: parsed.error,
        context: { groupId },
      });
    }
    // The store holds only JSON, so the unchecked specs are JSON too.
    return parsed.data as Book;
  }
}

const key = (groupId: string) => `rules:${groupId}`;
