import type { Command } from "../commands/define-command.js";
import { shortAddress } from "../skills/membership/member-label.js";

/** A simulated member as the demos know them: a name the author typed, and a real address. */
export interface NamedMember {
  name: string;
  address: string;
}

/**
 * The names of the commands whose arguments are members (`/kick`, `/add`, `/warn`...): those
 * built on `memberRefSchema`, whose arguments are described as "member".
 *
 * @example
 * memberCommandNames(skills.flatMap((s) => s.commands.map((r) => r.command)));
 */
export function memberCommandNames(commands: readonly Command[]): Set<string> {
  const takesMembers = (command: Command) =>
    command.params.some((param) => param.name === "member") || command.rest?.name === "member";
  return new Set(commands.filter(takesMembers).map((command) => command.name.toLowerCase()));
}

/**
 * XMTP has no display names, so the agent knows members only by address. In the demos the
 * author knows them as bob and carol: in a member command, a word naming a simulated member
 * (`bob` or `@bob`) is sent as that member's address. Anything else is sent as typed, so
 * `/poll "Who?" bob carol` keeps its options.
 *
 * @example
 * withAddresses("/kick bob", members, new Set(["kick"])); // "/kick 0x1234…"
 */
export function withAddresses(
  text: string,
  members: readonly NamedMember[],
  memberCommands: ReadonlySet<string>,
): string {
  const match = /^(\s*\/([A-Za-z][\w-]*))(\s[\s\S]*)?$/.exec(text);
  if (!match?.[3] || !memberCommands.has(match[2]!.toLowerCase())) return text;
  const args = match[3].replace(/(?<=^|\s)@?([A-Za-z][\w-]*)(?=\s|$)/g, (word, name: string) => {
    const member = members.find((candidate) => candidate.name === name.toLowerCase());
    return member?.address ?? word;
  });
  return match[1] + args;
}

/**
 * Shows the names behind addresses: a full address (what `/kick bob` was sent as) reads as
 * the name again, and the short one the agent writes (`0x1234…abcd`) gets the name before it,
 * so "Removed 0x1234…abcd." reads "Removed bob (0x1234…abcd)." in the demos.
 *
 * @example
 * withNames("Removed 0x1234…abcd.", members); // "Removed bob (0x1234…abcd)."
 */
export function withNames(text: string, members: readonly NamedMember[]): string {
  let named = text;
  for (const member of members) {
    const short = shortAddress(member.address);
    named = named
      .replace(new RegExp(member.address, "gi"), member.name)
      .replaceAll(short, `${member.name} (${short})`);
  }
  return named;
}
