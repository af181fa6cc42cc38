import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Conversation } from "@xmtp/node-sdk";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { type Devnode, startDevnode } from "../../src/devnode/devnode.js";
import { directOutbound } from "../../src/runtime/outbound-gate.js";
import { WriteJournal } from "../../src/runtime/write-journal.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";

/**
 * Owns port 5556 (the `exclusive` project runs without the shared devnode): the devnode is
 * stopped and started again from its data directory while clients keep going.
 */
describe("devnode restarted from its data directory", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-devnode-"));
  const logger = pino({ level: "warn" });
  let node: Devnode | undefined;
  const users: TestUser[] = [];

  afterAll(async () => {
    await Promise.all(users.map((user) => user.stop()));
    await node?.stop();
  });

  it("loses no message and keeps client cursors valid", async () => {
    node = await startDevnode({ dataDir, logger });
    const alice = await TestUser.create({ name: "alice" });
    const bob = await TestUser.create({ name: "bob" });
    users.push(alice, bob);
    const group = await alice.createGroup([bob.address]);
    await group.sendText("before 1");
    await group.sendText("before 2");
    await bob.waitForMessage({ conversationId: group.id, where: (m) => m.content === "before 2" });

    await node.stop();
    node = await startDevnode({ dataDir, logger });

    // Sends retry until the node is back; the message must reach bob exactly once.
    await waitFor(
      () =>
        group
          .sendText("after restart")
          .then(() => true)
          .catch(() => false),
      {
        description: "a send to succeed after the restart",
        intervalMs: 200,
      },
    );
    const bobsGroup = await bob.conversation(group.id);
    const texts = await waitFor(
      async () => {
        await bobsGroup.sync();
        const all = (await bobsGroup.messages())
          .filter((m) => m.contentType?.typeId === "text")
          .map((m) => String(m.content));
        return all.includes("after restart") ? all : undefined;
      },
      { description: "bob to sync the message sent after the restart", intervalMs: 100 },
    );
    expect(texts).toEqual(["before 1", "before 2", "after restart"]);

    // A user created after the restart can still find both of them (identity state persisted).
    const carol = await TestUser.create({ name: "carol" });
    users.push(carol);
    const dm = await carol.dmWith(alice.address);
    await dm.sendText("hi alice");
    const received = await alice.waitForMessage({ conversationId: dm.id, type: "text" });
    expect(received.content).toBe("hi alice");
  });

  /**
   * libxmtp 1.9 marks a message's intent published before it hands the envelope to the node
   * and never sends a published intent again: a node gone under the publish (or a kill -9 of
   * the sender between the two) strands the copy, and every later publish fails waiting for it.
   */
  it("a journaled reply stranded by the stop is sent anew on replay, once", async () => {
    const sender = await TestUser.create({ name: "sender" });
    const receiver = await TestUser.create({ name: "receiver" });
    users.push(sender, receiver);
    const dm = await sender.dmWith(receiver.address);
    await dm.sendText("before");
    const store = createMemoryStore();
    const events = { client: sender.client, unfinished: () => undefined };
    const write = (conversation: Conversation, replay: boolean) =>
      new WriteJournal(store, { eventKey: "m1", afterNs: 0n, replay }, conversation, events).write(
        directOutbound,
        { kind: "message", conversationId: dm.id },
        (optimistic) => dm.sendText("stranded", optimistic),
        ["text", "stranded"],
      );

    await expect(
      write(
        stoppingNodeFirst(dm, () => node!.stop()),
        false,
      ),
    ).rejects.toThrow();
    node = await startDevnode({ dataDir, logger });
    const stranded = await dm.messages({ deliveryStatus: UNPUBLISHED });
    // What every replay used to hit: libxmtp waits for the stranded intent, however often.
    const publishing = await dm.publishMessages().then(
      () => "published",
      (error: Error) => error.message,
    );

    await write(dm, true);
    await receiver.log.catchUp();
    const delivered = receiver.log.messages.filter((message) => message.content === "stranded");
    console.log(`stranded intent: ${JSON.stringify({ publishing, delivered: delivered.length })}`);
    expect(stranded).toHaveLength(1);
    expect(publishing).toMatch(/sync failed to wait for intent/i);
    expect(delivered).toHaveLength(1);
  });
});

const UNPUBLISHED = 0 as never;

/** The conversation as it is when the node goes away just as the journal publishes. */
function stoppingNodeFirst(conversation: Conversation, stop: () => Promise<void>): Conversation {
  return new Proxy(conversation, {
    get(target, property, receiver) {
      if (property === "publishMessages") return () => stop().then(() => target.publishMessages());
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
