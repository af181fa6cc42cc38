import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { type Devnode, startDevnode } from "../../src/devnode/devnode.js";
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
});
