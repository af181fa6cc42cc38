import { z } from "zod";
import type { Store } from "../../index.js";

/** Everything the moderation skill does to a group or its members. */
export const modActionSchema = z.enum([
  "strike",
  "warn",
  "remove",
  "kick",
  "remove-refused",
  "remove-failed",
  "rule-added",
  "rule-removed",
]);
export type ModAction = z.output<typeof modActionSchema>;

const entrySchema = z.object({
  at: z.number(),
  action: modActionSchema,
  /** Who did it: a member's label, or "auto" for the skill acting on a rule. */
  by: z.string(),
  member: z.string().optional(),
  memberInboxId: z.string().optional(),
  rule: z.string().optional(),
  note: z.string().optional(),
});
export type ModLogEntry = z.output<typeof entrySchema>;

// Zero-padded so the store's key order is the order of events.
const pad = (seq: number) => String(seq).padStart(12, "0");

/**
 * The moderation log of each group, kept in the store so `/modlog` survives restarts:
 * entries under `modlog:<groupId>:<seq>`, the newest `keep` of them.
 *
 * @example
 * const log = new ModLog(ctx.store, 500);
 * await log.append(group.id, { at: Date.now(), action: "kick", by: "0xab…cd", member: "0x12…34" });
 */
export class ModLog {
  constructor(
    private readonly store: Store,
    private readonly keep: number,
  ) {}

  async append(groupId: string, entry: ModLogEntry): Promise<void> {
    const seq = (await this.store.update<number>(`modlog-seq:${groupId}`, (n) => (n ?? 0) + 1))!;
    await this.store.set(`modlog:${groupId}:${pad(seq)}`, entry);
    if (seq > this.keep) await this.store.delete(`modlog:${groupId}:${pad(seq - this.keep)}`);
  }

  /** The newest `count` entries, oldest first; unreadable ones are left out. */
  async latest(groupId: string, count: number): Promise<ModLogEntry[]> {
    const entries = await this.store.list(`modlog:${groupId}:`);
    return entries.slice(-count).flatMap(({ value }) => {
      const parsed = entrySchema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  }
}

/**
 * One `/modlog` line: time (UTC), action, member, rule, by whom.
 *
 * @example
 * formatModLogEntry(entry); // "2025-05-01 12:00:03 UTC · strike · 0x12…34 · rule #1 (blocked words) · by auto"
 */
export function formatModLogEntry(entry: ModLogEntry): string {
  const time = `${new Date(entry.at).toISOString().slice(0, 19).replace("T", " ")} UTC`;
  return [
    time,
    entry.action,
    entry.member,
    entry.rule,
    entry.note,
    `by ${entry.by === "auto" ? "me (automatic)" : entry.by}`,
  ]
    .filter(Boolean)
    .join(" · ");
}
