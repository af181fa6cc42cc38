import type { Group } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentifierKind } from "../../index.js";
import { TestAgent, TestUser, waitFor } from "../../testing/index.js";
import { askBot, textOf, waitForBotText } from "./chat-test-support.js";
import { shortAddress } from "./member-label.js";
import { membership } from "./membership.js";

// GroupPermissionsOptions.AdminOnly: adding, removing and renaming need an admin.
const ADMIN_ONLY = 1 as never;

describe("membership skill end to end on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let group: Group;
  const ask = (text: string, pattern?: RegExp) => askBot(alice, group, bot.inboxId, text, pattern);

  beforeAll(async () => {
    [bot, alice, bob, carol] = await Promise.all([
      TestAgent.start({ skills: [membership({ welcome: "Welcome {name}! Members: {count}" })] }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
      TestUser.create({ name: "carol" }),
    ]);
    group = await alice.client.conversations.createGroupWithIdentifiers(
      [{ identifier: bot.address.toLowerCase(), identifierKind: IdentifierKind.Ethereum }],
      { permissions: ADMIN_ONLY },
    );
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop(), carol?.stop()]);
  });

  const members = async () => {
    await group.sync();
    return (await group.members()).map((member) => member.inboxId);
  };

  it("says hello once when added, greets a new member with the template, never greets itself", async () => {
    await group.addMembers([bob.inboxId]);
    const welcome = await waitForBotText(alice, group, bot.inboxId, /^Welcome/);
    expect(welcome).toBe(`Welcome ${shortAddress(bob.address)}! Members: 3`);
    const greetings = alice.log.messages
      .filter((m) => m.conversationId === group.id && m.senderInboxId === bot.inboxId)
      .map(textOf);
    expect(greetings).toEqual([
      "Hi everyone, thanks for adding me! Type /help to see what I can do here.",
      welcome,
    ]);
  });

  it("refuses politely while the agent is not an admin", async () => {
    expect(await ask(`/add ${carol.address}`)).toBe("Sorry, I need to be an admin to add members.");
    expect(await ask(`/remove ${bob.address}`)).toBe(
      "Sorry, I need to be an admin to remove members.",
    );
    expect(await ask("/name Nope")).toBe("Sorry, I need to be an admin to rename the group.");
    expect(await members()).not.toContain(carol.inboxId);
  });

  it("refuses non-admins through the router", async () => {
    const bobGroup = await bob.conversation(group.id);
    const answer = await askBot(bob, bobGroup, bot.inboxId, `/add ${carol.address}`);
    expect(answer).toBe("Only group admins can use /add.");
  });

  it("answers invalid and unknown addresses clearly", async () => {
    const invalid = await ask("/add 0x123");
    expect(invalid).toContain(
      "expected an Ethereum address (0x + 40 hex digits) or an inbox id (64 hex digits)",
    );
    expect(invalid).toContain("Usage: /add <member>...");
    const nobody = `0x${"5e".repeat(20)}`;
    expect(await ask(`/add ${nobody}`)).toBe(`${nobody} has no XMTP inbox, so I can't reach it.`);
  });

  it("adds and removes members, renames and describes the group once it is an admin", async () => {
    await group.addAdmin(bot.inboxId);
    const carolLabel = shortAddress(carol.address);

    expect(await ask(`/add ${carol.address}`, /^Added/)).toBe(`Added ${carolLabel}.`);
    await alice.waitForGroupUpdate(group, (m) =>
      (m.content as { addedInboxes: Array<{ inboxId: string }> }).addedInboxes.some(
        (added) => added.inboxId === carol.inboxId,
      ),
    );
    expect(await members()).toContain(carol.inboxId);
    await waitForBotText(alice, group, bot.inboxId, new RegExp(`^Welcome ${carolLabel}`));

    expect(await ask(`/remove ${carol.inboxId}`, /^Removed/)).toBe(`Removed ${carolLabel}.`);
    await waitFor(async () => !(await members()).includes(carol.inboxId), {
      description: "carol gone from alice's view of the group",
    });

    expect(await ask("/name Lunch club")).toBe('Renamed the group to "Lunch club".');
    expect(await ask('/description "Where we pick lunch"')).toBe("Description updated.");
    await group.sync();
    expect([group.name, group.description]).toEqual(["Lunch club", "Where we pick lunch"]);
  });

  it("knows what needs a super admin, and does it once it is one", async () => {
    expect(await ask(`/promote ${bob.address}`)).toBe(
      "Sorry, I need to be a super admin to promote admins.",
    );
    expect(await ask(`/remove ${alice.address}`)).toBe(
      "Sorry, I need to be a super admin to remove a super admin.",
    );
    await group.addSuperAdmin(bot.inboxId);
    const bobLabel = shortAddress(bob.address);
    expect(await ask(`/promote ${bob.address}`)).toBe(`Promoted to admin: ${bobLabel}.`);
    await group.sync();
    expect(group.isAdmin(bob.inboxId)).toBe(true);
    expect(await ask(`/promote ${bob.address}`)).toBe(`${bobLabel} is already an admin.`);
    expect(await ask(`/demote ${bob.address}`)).toBe(`No longer admin: ${bobLabel}.`);
    await group.sync();
    expect(group.isAdmin(bob.inboxId)).toBe(false);
  });
});
