import type { Group, PermissionPolicySet } from "@xmtp/node-sdk";

/** The group changes the agent makes on request; each maps to one policy of the group. */
export type GroupAction =
  | "add-member"
  | "remove-member"
  | "promote"
  | "demote"
  | "rename"
  | "describe";

/** What a group's policy demands of whoever makes a change. */
export type RequiredRole = "anyone" | "admin" | "super-admin" | "nobody" | "unknown";

// The bindings declare `PermissionPolicy` as an ambient const enum that `isolatedModules`
// cannot inline; these are its values.
const POLICY_ROLES: Record<number, RequiredRole> = {
  0: "anyone", // Allow
  1: "nobody", // Deny
  2: "admin", // Admin
  3: "super-admin", // SuperAdmin
};

const POLICY_FIELD: Record<GroupAction, keyof PermissionPolicySet> = {
  "add-member": "addMemberPolicy",
  "remove-member": "removeMemberPolicy",
  promote: "addAdminPolicy",
  demote: "removeAdminPolicy",
  rename: "updateGroupNamePolicy",
  describe: "updateGroupDescriptionPolicy",
};

const VERB: Record<GroupAction, string> = {
  "add-member": "add members",
  "remove-member": "remove members",
  promote: "promote admins",
  demote: "demote admins",
  rename: "rename the group",
  describe: "change the group description",
};

/** The part of a group a permission check reads. */
export type GroupRoles = Pick<Group, "permissions" | "isAdmin" | "isSuperAdmin">;

/** The outcome of {@link checkAgentPermission}: allowed, or a polite sentence saying why not. */
export type PermissionCheck = { allowed: true } | { allowed: false; refusal: string };

/**
 * The role `action` needs in `group`. Removing a super admin needs a super admin whatever
 * the policy says: libxmtp enforces that on top of the policy set.
 *
 * @example
 * requiredRole(group, "remove-member", [creatorInboxId]); // "super-admin"
 */
export function requiredRole(
  group: GroupRoles,
  action: GroupAction,
  targets: readonly string[] = [],
): RequiredRole {
  const role = POLICY_ROLES[Number(group.permissions().policySet[POLICY_FIELD[action]])];
  if (removesSuperAdmin(group, action, targets)) return role === "nobody" ? role : "super-admin";
  return role ?? "unknown";
}

function removesSuperAdmin(group: GroupRoles, action: GroupAction, targets: readonly string[]) {
  return action === "remove-member" && targets.some((inboxId) => group.isSuperAdmin(inboxId));
}

/**
 * Whether the agent may make `action` in `group` as its local copy of the group stands,
 * checked before acting so members get a clear answer instead of a failed commit (libxmtp
 * reports a refused commit only as "synced N messages, 0 failed 1 succeeded"). An unknown
 * policy is left for the client to decide.
 *
 * @example
 * const check = checkAgentPermission(group, ctx.agentInboxId, "add-member");
 * if (!check.allowed) await ctx.reply(check.refusal); // "Sorry, I need to be an admin to add members."
 */
export function checkAgentPermission(
  group: GroupRoles,
  agentInboxId: string,
  action: GroupAction,
  targets: readonly string[] = [],
): PermissionCheck {
  const role = requiredRole(group, action, targets);
  const isSuperAdmin = group.isSuperAdmin(agentInboxId);
  const isAdmin = isSuperAdmin || group.isAdmin(agentInboxId);
  const verb = removesSuperAdmin(group, action, targets) ? "remove a super admin" : VERB[action];
  switch (role) {
    case "anyone":
    case "unknown":
      return { allowed: true };
    case "nobody":
      return { allowed: false, refusal: `This group does not let anyone ${verb}.` };
    case "admin":
      return isAdmin
        ? { allowed: true }
        : { allowed: false, refusal: `Sorry, I need to be an admin to ${verb}.` };
    case "super-admin":
      return isSuperAdmin
        ? { allowed: true }
        : { allowed: false, refusal: `Sorry, I need to be a super admin to ${verb}.` };
  }
}
