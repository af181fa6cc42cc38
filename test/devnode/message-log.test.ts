import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestUser } from "../../src/testing/test-user.js";

const textOf = (message: { content: unknown }) => message.content;

/** The harness's record of what a user received, when the live stream misses something. */
describe("MessageLog", () => {
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
    ]);
    // Bob's stream is off from here: everything he gets must come from catch-ups.
    await bob.log.stop();
  });

  afterAll(async () => {
    await Promise.all([alice, bob].map((user) => user?.stop()));
  });

  it("catches up on a message the stream missed, even one older than a recorded one", async () => {
    const dm = await alice.dmWith(bob.address);
    await dm.sendText("missed");
    await dm.sendText("recorded");
    // As when a restarted stream delivers the newer message but not what its sync pulled in.
    await bob.client.conversations.syncAll();
    const bobsDm = await bob.conversation(dm.id);
    const recorded = (await bobsDm.messages()).find((message) => message.content === "recorded");
    bob.log.record(recorded!);

    await bob.log.catchUp();

    expect(bob.log.messages.map(textOf)).toEqual(expect.arrayContaining(["missed", "recorded"]));
  });

  it("finds what it waits for by syncing when the stream does not deliver it", async () => {
    const dm = await alice.dmWith(bob.address);
    await dm.sendText("only on the network");
    const received = await bob.waitForMessage(
      { conversationId: dm.id, where: (message) => message.content === "only on the network" },
      { timeoutMs: 10_000 },
    );
    expect(received.senderInboxId).toBe(alice.inboxId);
  });
});
