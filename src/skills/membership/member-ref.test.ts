import type { GroupMember } from "@xmtp/node-sdk";
import { describe, expect, it } from "vitest";
import { shortAddress } from "./member-label.js";
import { memberRefSchema, resolveMember, resolveMembers } from "./member-ref.js";

const ALICE = { address: `0x${"a1".repeat(20)}`, inboxId: "1".repeat(64) };
const BOB = { address: `0x${"b2".repeat(20)}`, inboxId: "2".repeat(64) };
const CAROL = { address: `0x${"c3".repeat(20)}`, inboxId: "3".repeat(64) };

const member = (who: typeof ALICE) =>
  ({
    inboxId: who.inboxId,
    accountIdentifiers: [{ identifier: who.address, identifierKind: 0 }],
  }) as unknown as GroupMember;
const members = [member(ALICE), member(BOB)];

/** The network knows Carol too; anything else has no inbox. */
const lookups: string[] = [];
const client = {
  fetchInboxIdByIdentifier: async ({ identifier }: { identifier: string }) => {
    lookups.push(identifier);
    return [ALICE, BOB, CAROL].find((who) => who.address === identifier)?.inboxId ?? null;
  },
};

describe("memberRefSchema", () => {
  it("accepts addresses and inbox ids, lowercased", () => {
    expect(memberRefSchema.parse(` ${BOB.address.toUpperCase().replace("0X", "0x")} `)).toBe(
      BOB.address,
    );
    expect(memberRefSchema.parse("AB".repeat(32))).toBe("ab".repeat(32));
  });

  it.each(["0x123", "bob", `0x${"g".repeat(40)}`, "1".repeat(63)])("refuses %s clearly", (ref) => {
    const result = memberRefSchema.safeParse(ref);
    expect(result.error?.issues[0]?.message).toBe(
      "expected an Ethereum address (0x + 40 hex digits) or an inbox id (64 hex digits)",
    );
  });
});

describe("resolveMember", () => {
  it("finds members by address without asking the network", async () => {
    lookups.length = 0;
    expect(await resolveMember(client, members, BOB.address)).toEqual({
      ok: true,
      member: { inboxId: BOB.inboxId, label: shortAddress(BOB.address) },
    });
    expect(lookups).toEqual([]);
  });

  it("asks the network for others, and says when an address has no inbox", async () => {
    expect(await resolveMember(client, members, CAROL.address)).toMatchObject({
      ok: true,
      member: { inboxId: CAROL.inboxId, label: shortAddress(CAROL.address) },
    });
    const nobody = `0x${"d4".repeat(20)}`;
    expect(await resolveMember(client, members, nobody)).toEqual({
      ok: false,
      error: `${nobody} has no XMTP inbox, so I can't reach it.`,
    });
  });

  it("takes inbox ids as they are", async () => {
    expect(await resolveMember(client, members, ALICE.inboxId)).toMatchObject({
      ok: true,
      member: { inboxId: ALICE.inboxId, label: shortAddress(ALICE.address) },
    });
  });
});

describe("resolveMembers", () => {
  const group = { members: async () => members };

  it("keeps members (or non-members) and explains the rest", async () => {
    const wantMembers = await resolveMembers(client, group, [BOB.address, CAROL.address], "member");
    expect(wantMembers.found.map((found) => found.inboxId)).toEqual([BOB.inboxId]);
    expect(wantMembers.problems).toEqual([`${shortAddress(CAROL.address)} is not in this group.`]);
    const wantNew = await resolveMembers(client, group, [BOB.address, CAROL.address], "non-member");
    expect(wantNew.found.map((found) => found.inboxId)).toEqual([CAROL.inboxId]);
    expect(wantNew.problems).toEqual([`${shortAddress(BOB.address)} is already in this group.`]);
  });
});
