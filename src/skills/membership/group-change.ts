import type { Group } from "@xmtp/node-sdk";
import type { Logger } from "pino";
import { SwitchboardError } from "../../index.js";
import { checkAgentPermission, type GroupAction, type GroupRoles } from "./group-permission.js";

/** One change the agent makes to a group on someone's behalf. */
export interface GroupChange {
  action: GroupAction;
  /** The inboxes the change is about (they decide whether a super admin is needed). */
  targets?: readonly string[];
  /** The write itself, e.g. `() => ctx.removeMembers([inboxId])`. */
  write: () => Promise<void>;
}

/** Done, or refused with a polite sentence for the chat. */
export type GroupChangeResult = { ok: true } | { ok: false; refusal: string };

/**
 * Makes a group change only when the agent's role allows it. The check runs on freshly
 * synced state; when the write fails anyway (the agent was demoted a moment ago), the group
 * is synced again and, if the agent has lost the permission, the failure becomes a refusal.
 * Other failures are raised as `SB_ERR_GROUP_UPDATE_FAILED`.
 *
 * @example
 * const result = await changeGroup(group, ctx.agentInboxId, ctx.log, {
 *   action: "remove-member",
 *   targets: [inboxId],
 *   write: () => ctx.removeMembers([inboxId]),
 * });
 * if (!result.ok) await ctx.reply(result.refusal);
 */
export async function changeGroup(
  group: GroupRoles & Pick<Group, "sync">,
  agentInboxId: string,
  log: Logger,
  change: GroupChange,
): Promise<GroupChangeResult> {
  const { action, targets = [] } = change;
  await group.sync();
  const before = checkAgentPermission(group, agentInboxId, action, targets);
  if (!before.allowed) {
    log.info({ code: "SB_ERR_GROUP_PERMISSION", action }, "group change refused: no permission");
    return { ok: false, refusal: before.refusal };
  }
  try {
    await change.write();
    return { ok: true };
  } catch (cause) {
    await group.sync();
    const after = checkAgentPermission(group, agentInboxId, action, targets);
    if (!after.allowed) {
      log.warn(
        { code: "SB_ERR_GROUP_PERMISSION", action, err: cause },
        "group change failed: permission lost",
      );
      return { ok: false, refusal: after.refusal };
    }
    throw new SwitchboardError(
      "SB_ERR_GROUP_UPDATE_FAILED",
      `${action} failed: ${(cause as Error)?.message}`,
      { cause, context: { action, targets } },
    );
  }
}
