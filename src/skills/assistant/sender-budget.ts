import type { RateRule, Store } from "../../index.js";

type Spent = { since: number; tokens: number };

/**
 * Model tokens each sender may spend per window (a fixed window that starts with their first
 * request), kept in the store so every replica and restart sees the same count.
 *
 * @example
 * const budget = new SenderBudget(ctx.store, { points: 50_000, durationMs: 3_600_000 });
 * if (!(await budget.allows(sender))) return ctx.reply("You've reached your limit for now.");
 * await budget.spend(sender, usage.totalTokens);
 */
export class SenderBudget {
  constructor(
    readonly store: Store,
    readonly rule: RateRule,
  ) {}

  /** Whether `sender` has tokens left in the current window. */
  async allows(sender: string, now = Date.now()): Promise<boolean> {
    const spent = await this.store.get<Spent>(key(sender));
    return !spent || isOver(spent, this.rule, now) || spent.tokens < this.rule.points;
  }

  async spend(sender: string, tokens: number, now = Date.now()): Promise<void> {
    if (tokens <= 0) return;
    await this.store.update<Spent>(
      key(sender),
      (spent) =>
        !spent || isOver(spent, this.rule, now)
          ? { since: now, tokens }
          : { since: spent.since, tokens: spent.tokens + tokens },
      { ttlMs: this.rule.durationMs },
    );
  }
}

const isOver = (spent: Spent, rule: RateRule, now: number) => now - spent.since >= rule.durationMs;
const key = (sender: string) => `tokens:${sender}`;
