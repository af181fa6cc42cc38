import type { GroupMember } from "@xmtp/node-sdk";

/**
 * `0x1234…abcd`: short enough for a chat line, long enough to tell members apart.
 *
 * @example
 * shortAddress("0x1234567890abcdef1234567890abcdef12345678"); // "0x1234…5678"
 */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`.toLowerCase();
}

/**
 * How the chat names a member: their Ethereum address (shortened) when the group knows it,
 * else `fallbackAddress`, else a shortened inbox id. XMTP has no display names.
 *
 * @example
 * memberLabel(await group.members(), inboxId); // "0x1234…5678"
 */
export function memberLabel(
  members: readonly Pick<GroupMember, "inboxId" | "accountIdentifiers">[],
  inboxId: string,
  fallbackAddress?: string,
): string {
  const member = members.find((candidate) => candidate.inboxId === inboxId);
  const address = member?.accountIdentifiers[0]?.identifier ?? fallbackAddress;
  return address ? shortAddress(address) : `inbox ${inboxId.slice(0, 8)}…`;
}
