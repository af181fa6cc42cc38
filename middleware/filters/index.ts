export { SenderAddressCache, type SenderAddressCacheOptions } from "./address-cache.js";
export { and, not, or } from "./combinators.js";
export {
  contentType,
  type MentionOptions,
  mentionsAgent,
  startsWithCommand,
  type TextContext,
} from "./content-filters.js";
export {
  type ConsentName,
  consentState,
  type DmContext,
  dmOnly,
  type GroupContext,
  groupOnly,
} from "./conversation-filters.js";
export {
  type AsyncFilter,
  asyncFilter,
  type Guard,
  type Narrowed,
  only,
  type Predicate,
  when,
} from "./filter.js";
export {
  type AddressFilterOptions,
  allowAddresses,
  allowInboxes,
  denyAddresses,
  denyInboxes,
  ignoreSelf,
  senderIsAdmin,
  senderIsSuperAdmin,
} from "./sender-filters.js";
