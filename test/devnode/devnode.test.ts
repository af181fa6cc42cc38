import { Client, type GroupUpdated, type Intent } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestUser } from "../../src/testing/test-user.js";
import { IdentifierKind } from "../../src/xmtp/enums.js";

/** Real node-sdk clients, real MLS, against the shared devnode on port 5556. */
describe("devnode with real clients", () => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
      TestUser.create({ name: "carol" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((user) => user?.stop()));
  });

  it("registers identities that others can look up and message", async () => {
    const unknown = "0x000000000000000000000000000000000000dead";
    const reachable = await Client.canMessage(
      [
        { identifier: bob.address, identifierKind: IdentifierKind.Ethereum },
        { identifier: unknown, identifierKind: IdentifierKind.Ethereum },
      ],
      "local",
    );
    expect(reachable.get(bob.address.toLowerCase())).toBe(true);
    expect(reachable.get(unknown)).toBe(false);
    const inboxId = await alice.client.fetchInboxIdByIdentifier({
      identifier: bob.address,
      identifierKind: IdentifierKind.Ethereum,
    });
    expect(inboxId).toBe(bob.inboxId);
  });

  it("carries a DM round trip", async () => {
    const dm = await alice.dmWith(bob.address);
    const asked = alice.mark();
    await dm.sendText("ping");
    const received = await bob.waitForMessage({ conversationId: dm.id, type: "text" });
    expect(received.content).toBe("ping");
    expect(received.senderInboxId).toBe(alice.inboxId);

    const bobsDm = await bob.conversation(dm.id);
    await bobsDm.sendText("pong");
    const answer = await alice.waitForMessage({
      conversationId: dm.id,
      from: bob.inboxId,
      after: asked,
    });
    expect(answer.content).toBe("pong");
  });

  it("creates a group of three where everyone receives everyone", async () => {
    const group = await alice.createGroup([bob.address, carol.address], { name: "trio" });
    await group.sendText("hello trio");
    for (const member of [bob, carol]) {
      const message = await member.waitForMessage({ conversationId: group.id, type: "text" });
      expect(message.content).toBe("hello trio");
    }
    const carolsGroup = await carol.conversation(group.id);
    await carolsGroup.sendText("carol here");
    for (const member of [alice, bob]) {
      const message = await member.waitForMessage({
        conversationId: group.id,
        from: carol.inboxId,
      });
      expect(message.content).toBe("carol here");
    }
    expect(await group.members()).toHaveLength(3);
  });

  it("adds and removes a member, and the others see the group update", async () => {
    const group = await alice.createGroup([bob.address]);
    await bob.conversation(group.id);
    await group.addMembers([carol.inboxId]);
    const added = await bob.waitForGroupUpdate(group, (m) =>
      (m.content as GroupUpdated).addedInboxes.some((i) => i.inboxId === carol.inboxId),
    );
    expect((added.content as GroupUpdated).initiatedByInboxId).toBe(alice.inboxId);
    await carol.conversation(group.id);

    await group.removeMembers([carol.inboxId]);
    const removed = await bob.waitForGroupUpdate(group, (m) =>
      (m.content as GroupUpdated).removedInboxes.some((i) => i.inboxId === carol.inboxId),
    );
    expect(removed).toBeDefined();
    expect((await group.members()).map((m) => m.inboxId).sort()).toEqual(
      [alice.inboxId, bob.inboxId].sort(),
    );
  });

  it("delivers action buttons and the intent sent by tapping one", async () => {
    const dm = await alice.dmWith(bob.address);
    await dm.sendActions({
      id: "vote-1",
      description: "Lunch?",
      actions: [
        { id: "pizza", label: "Pizza" },
        { id: "sushi", label: "Sushi" },
      ],
    });
    const actions = await bob.waitForMessage({ conversationId: dm.id, type: "actions" });
    expect(actions.content).toMatchObject({ id: "vote-1", description: "Lunch?" });

    const bobsDm = await bob.conversation(dm.id);
    await bob.tapAction(bobsDm, "vote-1", "sushi", { note: "extra wasabi" });
    const intent = await alice.waitForMessage({ conversationId: dm.id, type: "intent" });
    expect(intent.content as Intent).toEqual({
      id: "vote-1",
      actionId: "sushi",
      metadata: { note: "extra wasabi" },
    });
  });

  it("lets a member's client restarted from its database catch up", async () => {
    const dave = await TestUser.create({ name: "dave" });
    const group = await alice.createGroup([dave.address]);
    await dave.conversation(group.id);
    await dave.stop();

    for (const text of ["while", "you", "were", "away"]) await group.sendText(text);

    const daveAgain = await dave.reopen();
    expect(daveAgain.inboxId).toBe(dave.inboxId);
    await daveAgain.client.conversations.syncAll();
    const conversation = await daveAgain.conversation(group.id);
    const texts = (await conversation.messages())
      .filter((m) => m.contentType?.typeId === "text")
      .map((m) => m.content);
    expect(texts).toEqual(["while", "you", "were", "away"]);
    await daveAgain.stop();
  });
});
