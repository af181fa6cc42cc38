import { formatDuration } from "../polls/duration.js";
import type { ChainReader } from "./chain-reader.js";
import { checkHolders } from "./check-condition.js";
import type { Condition } from "./conditions.js";
import type { GateGroup, GateMember } from "./gate-group.js";
import type { GateStore } from "./gate-store.js";

/** What one recheck of a group did, by inbox id. */
export interface RecheckReport {
  /** Members checked (admins and the agent are not). */
  checked: number;
  /** Told they no longer qualify; their grace period started. */
  warned: string[];
  /** Removed after their grace period. */
  removed: string[];
  /** Qualify again, so their grace period ended early. */
  cleared: string[];
  /** Still do not qualify, warned before, their grace period not over yet. */
  pending: string[];
  /** The agent is not an admin of the group, so nobody was checked. */
  agentNotAdmin: boolean;
}

/** What {@link recheckGroup} needs besides the group. */
export interface RecheckOptions {
  reader: ChainReader;
  gates: GateStore;
  graceMs: number;
  now?: () => number;
}

/**
 * Checks every member of a gated group again. Someone who no longer qualifies is told so in
 * the group, mentioned by address, and removed by a later recheck once `graceMs` has passed
 * and they still do not qualify; someone who qualifies again is forgiven. A chain that cannot
 * be read throws (`SB_ERR_TOKEN_GATE_*`) and removes nobody: "don't know" is never "no".
 *
 * @example
 * ```ts
 * const report = await recheckGroup(group, binding.condition, { reader, gates, graceMs });
 * ```
 */
export async function recheckGroup(
  group: GateGroup,
  condition: Condition,
  { reader, gates, graceMs, now = Date.now }: RecheckOptions,
): Promise<RecheckReport> {
  const report: RecheckReport = {
    checked: 0,
    warned: [],
    removed: [],
    cleared: [],
    pending: [],
    agentNotAdmin: false,
  };
  await group.sync();
  if (!(await group.agentIsAdmin())) return { ...report, agentNotAdmin: true };
  const checkable = (await group.members()).filter((member) => !member.exempt);
  const graces = await forgetLeavers(group.id, gates, checkable);

  const due: Array<{ member: GateMember; reasons: string[] }> = [];
  // One member after another: a large group must not burst a rate-limited RPC endpoint.
  for (const member of checkable) {
    report.checked++;
    const result = await checkHolders(reader, member.addresses, condition);
    const since = graces.get(member.inboxId);
    if (result.ok) {
      if (since !== undefined && (await gates.endGrace(group.id, member.inboxId))) {
        report.cleared.push(member.inboxId);
      }
      continue;
    }
    let start = since;
    if (start === undefined) {
      // Told first, recorded second: nobody is ever removed without having been warned.
      await group.send(graceNotice(member, result.reasons, graceMs));
      start = now();
      await gates.startGrace(group.id, member.inboxId, { since: start, reasons: result.reasons });
      report.warned.push(member.inboxId);
    }
    if (now() >= start + graceMs) due.push({ member, reasons: result.reasons });
    else if (since !== undefined) report.pending.push(member.inboxId);
  }

  if (due.length > 0) {
    await group.remove(due.map(({ member }) => member.inboxId));
    for (const { member } of due) {
      await gates.endGrace(group.id, member.inboxId);
      report.removed.push(member.inboxId);
    }
    await group.send(
      due
        .map(({ member, reasons }) => `Removed ${mention(member)}: ${reasons.join("; ")}.`)
        .join("\n"),
    );
  }
  return report;
}

/**
 * The grace periods of the group's checkable members, by inbox id; entries of members who
 * left, or became admins, are dropped so they start afresh if they come back.
 */
async function forgetLeavers(
  groupId: string,
  gates: GateStore,
  checkable: readonly GateMember[],
): Promise<Map<string, number>> {
  const present = new Set(checkable.map((member) => member.inboxId));
  const graces = new Map<string, number>();
  for (const { inboxId, grace } of await gates.graces(groupId)) {
    if (present.has(inboxId)) graces.set(inboxId, grace.since);
    else await gates.endGrace(groupId, inboxId);
  }
  return graces;
}

function graceNotice(member: GateMember, reasons: readonly string[], graceMs: number): string {
  const why = `${mention(member)}, you no longer meet this group's token gate: ${reasons.join("; ")}.`;
  return graceMs === 0
    ? `${why} I have to remove you.`
    : `${why} If that is still so in ${formatDuration(graceMs)}, I'll remove you from the group.`;
}

/** XMTP has no mention type yet; an @address is what clients show and people recognise. */
function mention(member: GateMember): string {
  return `@${member.addresses[0] ?? member.inboxId}`;
}
