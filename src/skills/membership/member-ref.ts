import type { Client, Group, GroupMember } from "@xmtp/node-sdk";
import { z } from "zod";
import { IdentifierKind } from "../../index.js";
import { memberLabel } from "./member-label.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const INBOX_ID = /^[0-9a-fA-F]{64}$/;

/**
 * A command argument naming a member: an Ethereum address (`0x` + 40 hex digits) or an inbox
 * id (64 hex digits). Anything else is refused at the edge, so the router answers with this
 * message and the command's usage before any handler runs.
 *
 * @example
 * const warn = defineCommand({ name: "warn", description: "...", args: [memberRefSchema] });
 */
export const memberRefSchema = z
  .string()
  .trim()
  .refine((value) => ADDRESS.test(value) || INBOX_ID.test(value), {
    message: "expected an Ethereum address (0x + 40 hex digits) or an inbox id (64 hex digits)",
  })
  .transform((value) => value.toLowerCase())
  .describe("member");

/** A member reference resolved to an inbox, with a label fit to show in the chat. */
export interface ResolvedMember {
  inboxId: string;
  label: string;
}

/** The outcome of {@link resolveMember}: the inbox, or a sentence saying why not. */
export type MemberResolution = { ok: true; member: ResolvedMember } | { ok: false; error: string };

/**
 * Resolves an address or inbox id (as {@link memberRefSchema} outputs it) to an inbox: first
 * from the group's own member list, which costs nothing, then from the network.
 *
 * @example
 * const found = await resolveMember(ctx.client, await group.members(), "0xab…");
 * if (!found.ok) return ctx.reply(found.error);
 */
export async function resolveMember(
  client: Pick<Client, "fetchInboxIdByIdentifier">,
  members: readonly GroupMember[],
  ref: string,
): Promise<MemberResolution> {
  if (INBOX_ID.test(ref)) {
    return { ok: true, member: { inboxId: ref, label: memberLabel(members, ref) } };
  }
  const known = members.find((member) =>
    member.accountIdentifiers.some((id) => id.identifier.toLowerCase() === ref),
  );
  const inboxId =
    known?.inboxId ??
    (await client.fetchInboxIdByIdentifier({
      identifier: ref,
      identifierKind: IdentifierKind.Ethereum,
    }));
  if (!inboxId) return { ok: false, error: `${ref} has no XMTP inbox, so I can't reach it.` };
  return { ok: true, member: { inboxId, label: memberLabel(members, inboxId, ref) } };
}

/**
 * Resolves every reference and keeps only group members (or only non-members, for adding),
 * collecting a sentence for each one that does not qualify.
 *
 * @example
 * const { found, problems } = await resolveMembers(ctx.client, group, refs, "member");
 */
export async function resolveMembers(
  client: Pick<Client, "fetchInboxIdByIdentifier">,
  group: Pick<Group, "members">,
  refs: readonly string[],
  want: "member" | "non-member",
): Promise<{ found: ResolvedMember[]; problems: string[] }> {
  const members = await group.members();
  const found: ResolvedMember[] = [];
  const problems: string[] = [];
  for (const ref of new Set(refs)) {
    const resolution = await resolveMember(client, members, ref);
    if (!resolution.ok) {
      problems.push(resolution.error);
      continue;
    }
    const { member } = resolution;
    const isMember = members.some((candidate) => candidate.inboxId === member.inboxId);
    if (want === "member" && !isMember) problems.push(`${member.label} is not in this group.`);
    else if (want === "non-member" && isMember)
      problems.push(`${member.label} is already in this group.`);
    else found.push(member);
  }
  return { found, problems };
}
