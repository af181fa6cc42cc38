import type { Group } from "@xmtp/node-sdk";
import { type Context, isSwitchboardError } from "../../index.js";
import { changeGroup } from "../membership/group-change.js";
import type { ResolvedMember } from "../membership/member-ref.js";
import { ModLog, type ModLogEntry } from "./mod-log.js";
import { Strikes } from "./strikes.js";

/** The settings enforcement needs from the skill's configuration. */
export interface EnforcementConfig {
  strikeLimit: number;
  modlogSize: number;
}

/** Who acted: a member's label, or "auto" when a rule did. */
export type Actor = string;

/**
 * Carries out moderation in one group for one event, and records each step twice: a pino
 * line on the event's logger (for operators) and an entry in the group's mod log (for admins,
 * via `/modlog`).
 *
 * @example
 * const enforcer = new Enforcer(ctx, group, config);
 * await enforcer.strike(member, { action: "strike", by: "auto", rule: "#1 (blocked words)", reason });
 */
export class Enforcer {
  readonly #strikes: Strikes;
  readonly #modlog: ModLog;

  constructor(
    private readonly ctx: Context,
    private readonly group: Group,
    private readonly config: EnforcementConfig,
  ) {
    this.#strikes = new Strikes(ctx.store);
    this.#modlog = new ModLog(ctx.store, config.modlogSize);
  }

  /** Logs an action and appends it to the group's mod log. */
  async record(entry: Omit<ModLogEntry, "at">): Promise<void> {
    this.ctx.log.info({ moderation: entry }, `moderation: ${entry.action}`);
    await this.#modlog.append(this.group.id, { at: Date.now(), ...entry });
  }

  /**
   * Gives a strike and says so (a reply to the message that earned it); at the strike limit
   * the member is removed, or the group is told why not.
   */
  async strike(
    member: ResolvedMember,
    how: { action: "strike" | "warn"; by: Actor; rule?: string; reason: string },
  ): Promise<void> {
    const { strikeLimit } = this.config;
    const count = await this.#strikes.add(this.group.id, member.inboxId);
    await this.record({
      action: how.action,
      by: how.by,
      member: member.label,
      memberInboxId: member.inboxId,
      rule: how.rule,
      note: `${count}/${strikeLimit}`,
    });
    await this.ctx.reply(`⚠️ ${member.label}: strike ${count}/${strikeLimit} — ${how.reason}.`);
    if (count >= strikeLimit) {
      await this.remove(member, {
        action: "remove",
        by: how.by,
        rule: how.rule,
        why: `${count} strikes`,
      });
    }
  }

  /**
   * Removes a member when the agent's role allows it and announces it; otherwise answers
   * politely (and logs) why it could not. True when the member was removed.
   */
  async remove(
    member: ResolvedMember,
    how: { action: "remove" | "kick"; by: Actor; rule?: string; why: string },
  ): Promise<boolean> {
    const entry = {
      by: how.by,
      member: member.label,
      memberInboxId: member.inboxId,
      rule: how.rule,
    };
    try {
      const result = await changeGroup(this.group, this.ctx.agentInboxId, this.ctx.log, {
        action: "remove-member",
        targets: [member.inboxId],
        write: () => this.ctx.removeMembers([member.inboxId]),
      });
      if (!result.ok) {
        await this.record({ ...entry, action: "remove-refused", note: result.refusal });
        await this.ctx.send(`I can't remove ${member.label} (${how.why}). ${result.refusal}`);
        return false;
      }
    } catch (error) {
      if (!isSwitchboardError(error, "SB_ERR_GROUP_UPDATE_FAILED")) throw error;
      this.ctx.log.error({ err: error, code: error.code }, error.message);
      await this.record({ ...entry, action: "remove-failed", note: error.message });
      await this.ctx.send(`I couldn't remove ${member.label}; the error has been logged.`);
      return false;
    }
    await this.#strikes.clear(this.group.id, member.inboxId);
    await this.record({ ...entry, action: how.action, note: how.why });
    await this.ctx.send(`🚫 Removed ${member.label} (${how.why}).`);
    return true;
  }
}
