import type { Group } from "@xmtp/node-sdk";
import { type Context, isSwitchboardError } from "../../index.js";
import { changeGroup } from "../membership/group-change.js";
import { requiredRole } from "../membership/group-permission.js";
import type { ResolvedMember } from "../membership/member-ref.js";
import { ModLog, type ModLogEntry } from "./mod-log.js";
import { Strikes } from "./strikes.js";

/** The settings enforcement needs from the skill's configuration. */
export interface EnforcementConfig {
  strikeLimit: number;
  /** How long a strike counts, in milliseconds. */
  strikeWindow: number;
  modlogSize: number;
}

/** Who acted: a member's label, or "auto" when a rule did. */
export type Actor = string;

/** How a removal went, and the line that says so. */
interface Removal {
  removed: boolean;
  line: string;
}

/**
 * Carries out moderation in one group for one event, and records each step twice: a pino
 * line on the event's logger (for operators) and an entry in the group's mod log (for admins,
 * via `/modlog`). Whatever it does is answered in one quoted reply to the message that caused
 * it (the offending message, or an admin's `/warn` or `/kick`).
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
    this.#strikes = new Strikes(ctx.store, config.strikeWindow);
    this.#modlog = new ModLog(ctx.store, config.modlogSize);
  }

  /** Logs an action and appends it to the group's mod log. */
  async record(entry: Omit<ModLogEntry, "at">): Promise<void> {
    this.ctx.log.info({ moderation: entry }, `moderation: ${entry.action}`);
    await this.#modlog.append(this.group.id, { at: Date.now(), ...entry });
  }

  /**
   * Gives a strike and says so; at the strike limit the member is removed, or the reply says
   * plainly why they could not be.
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
    const lines = [`⚠️ ${member.label}: strike ${count}/${strikeLimit} — ${how.reason}.`];
    if (count >= strikeLimit) {
      const removal = await this.#remove(member, {
        action: "remove",
        by: how.by,
        rule: how.rule,
        why: `${count} strikes`,
      });
      lines.push(removal.line);
    }
    await this.ctx.reply(lines.join("\n"));
  }

  /** Removes a member when the agent's role allows it, and says so. True when removed. */
  async remove(
    member: ResolvedMember,
    how: { action: "remove" | "kick"; by: Actor; rule?: string; why: string },
  ): Promise<boolean> {
    const { removed, line } = await this.#remove(member, how);
    await this.ctx.reply(line);
    return removed;
  }

  async #remove(
    member: ResolvedMember,
    how: { action: "remove" | "kick"; by: Actor; rule?: string; why: string },
  ): Promise<Removal> {
    const entry = {
      by: how.by,
      member: member.label,
      memberInboxId: member.inboxId,
      rule: how.rule,
    };
    const failed = (why: string) => `I couldn't remove ${member.label}: ${why}.`;
    try {
      const result = await changeGroup(this.group, this.ctx.agentInboxId, this.ctx.log, {
        action: "remove-member",
        targets: [member.inboxId],
        write: () => this.ctx.removeMembers([member.inboxId]),
      });
      if (!result.ok) {
        await this.record({ ...entry, action: "remove-refused", note: result.refusal });
        return { removed: false, line: failed(this.#missingRole(member)) };
      }
    } catch (error) {
      if (!isSwitchboardError(error, "SB_ERR_GROUP_UPDATE_FAILED")) throw error;
      this.ctx.log.error({ err: error, code: error.code }, error.message);
      await this.record({ ...entry, action: "remove-failed", note: error.message });
      return { removed: false, line: failed("the group update failed; the error has been logged") };
    }
    await this.#strikes.clear(this.group.id, member.inboxId);
    await this.record({ ...entry, action: how.action, note: how.why });
    return { removed: true, line: `🚫 Removed ${member.label} (${how.why}).` };
  }

  /** Why the agent may not remove `member`, as the end of "I couldn't remove X: ...". */
  #missingRole(member: ResolvedMember): string {
    const role = requiredRole(this.group, "remove-member", [member.inboxId]);
    if (role === "nobody") return "this group does not let anyone remove members";
    if (this.group.isSuperAdmin(member.inboxId)) {
      return "they are a super admin, and only a super admin can remove one";
    }
    return role === "super-admin"
      ? "I need to be a super admin of this group"
      : "I need to be an admin of this group";
  }
}
