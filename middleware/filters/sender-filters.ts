import type { Context } from "../../src/runtime/context.js";
import { SenderAddressCache } from "./address-cache.js";
import type { GroupContext } from "./conversation-filters.js";
import { type AsyncFilter, asyncFilter } from "./filter.js";

/**
 * Passes events not sent by the agent itself. The runtime already drops the agent's own
 * messages before the chain, so this matters only for contexts built some other way (tests,
 * replays, a custom runtime); it does not drop other agents.
 *
 * @example
 * only(ignoreSelf)
 */
export const ignoreSelf = (ctx: Context): boolean => ctx.senderInboxId !== ctx.agentInboxId;

/**
 * Passes messages from an admin or super admin of the group; fails in DMs.
 *
 * @example
 * skill.use(only(and(groupOnly, senderIsAdmin)));
 */
export const senderIsAdmin: AsyncFilter<GroupContext> = asyncFilter((ctx) => ctx.isAdmin());

/**
 * Passes messages from a super admin of the group (its creator, unless changed); fails in DMs.
 *
 * @example
 * skill.use(only(senderIsSuperAdmin));
 */
export const senderIsSuperAdmin: AsyncFilter<GroupContext> = asyncFilter((ctx) =>
  ctx.isSuperAdmin(),
);

/**
 * Passes messages from these inboxes only; events without a sender fail.
 *
 * @example
 * agent.use(only(allowInboxes([operatorInboxId])));
 */
export function allowInboxes(inboxIds: Iterable<string>): (ctx: Context) => boolean {
  const passes = listCheck(inboxIds, "allow");
  return (ctx) => passes(ctx.senderInboxId);
}

/**
 * Drops messages from these inboxes; events without a sender pass.
 *
 * @example
 * agent.use(only(denyInboxes(blocklist)));
 */
export function denyInboxes(inboxIds: Iterable<string>): (ctx: Context) => boolean {
  const passes = listCheck(inboxIds, "deny");
  return (ctx) => passes(ctx.senderInboxId);
}

/** Options for {@link allowAddresses} and {@link denyAddresses}. */
export interface AddressFilterOptions {
  /** Share one cache between filters; each filter makes its own by default. */
  cache?: SenderAddressCache;
}

/**
 * Passes messages whose sender's Ethereum address (as `ctx.getSenderAddress()` resolves it,
 * cached) is listed; senders without an address fail.
 *
 * @example
 * agent.use(only(allowAddresses(["0xAbC…"])));
 */
export function allowAddresses(
  addresses: Iterable<string>,
  { cache = new SenderAddressCache() }: AddressFilterOptions = {},
): (ctx: Context) => Promise<boolean> {
  const passes = listCheck(addresses, "allow");
  return async (ctx) => passes(await cache.addressOf(ctx));
}

/**
 * Drops messages whose sender's Ethereum address is listed; senders without one pass.
 *
 * @example
 * agent.use(only(denyAddresses(knownSpammers)));
 */
export function denyAddresses(
  addresses: Iterable<string>,
  { cache = new SenderAddressCache() }: AddressFilterOptions = {},
): (ctx: Context) => Promise<boolean> {
  const passes = listCheck(addresses, "deny");
  return async (ctx) => passes(await cache.addressOf(ctx));
}

/**
 * An allow or deny list, case-insensitive. An unknown value (no sender, no address) is not on
 * the list: an allow list refuses it, a deny list lets it through.
 */
function listCheck(
  values: Iterable<string>,
  mode: "allow" | "deny",
): (value: string | undefined) => boolean {
  const listed = new Set(Array.from(values, (value) => value.toLowerCase()));
  const allow = mode === "allow";
  return (value) => (value === undefined ? !allow : listed.has(value.toLowerCase()) === allow);
}
