export { changeGroup, type GroupChange, type GroupChangeResult } from "./group-change.js";
export {
  checkAgentPermission,
  type GroupAction,
  type PermissionCheck,
  type RequiredRole,
  requiredRole,
} from "./group-permission.js";
export { memberLabel, shortAddress } from "./member-label.js";
export {
  type MemberResolution,
  memberRefSchema,
  type ResolvedMember,
  resolveMember,
  resolveMembers,
} from "./member-ref.js";
export { membership } from "./membership.js";
export { renderWelcome, welcomeTemplateSchema } from "./welcome-template.js";
