import type { Conversation } from "@xmtp/node-sdk";
import { afterAll, describe, expect, it } from "vitest";
import { outboundPacing } from "../../middleware/outbound-pacing/index.js";
import { directOutbound, type OutboundGate } from "../../src/runtime/outbound-gate.js";
import { WriteJournal } from "../../src/runtime/write-journal.js";
import { defineSkill } from "../../src/skill/skill.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/store.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";

const MESSAGE = { kind: "message", conversationId: "test" } as const;
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));
const PUBLISHED = 1;

/** How many messages `user` holds with exactly this text (a reply's text counts too). */
async function copiesOf(user: TestUser, text: string): Promise<number> {
  await user.log.catchUp();
  return user.log.messages.filter((message) => {
    const content = message.content as string | { content?: unknown } | undefined;
    return content === text || (typeof content === "object" && content?.content === text);
  }).length;
}

describe("writes happen once", () => {
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it("delivers exactly once a reply whose publish times out once after it left", async () => {
    const pacer = outboundPacing({ backoff: { initialMs: 50, maxMs: 200 } });
    let retries = 0;
    pacer.on("retried", () => retries++);
    let timedOut = false;
    // The fault sits behind the real publish: the message is out, the caller hears "timeout".
    const flaky: OutboundGate = {
      run: (operation, write) =>
        pacer.run(operation, async () => {
          const result = await write();
          if (!timedOut) {
            timedOut = true;
            throw new Error("Sync failed to wait for intent");
          }
          return result;
        }),
    };
    const echo = defineSkill({
      name: "echo",
      description: "Acknowledges every text",
      setup(skill) {
        skill.on("text", (ctx) => ctx.reply(`ack:${ctx.content}`));
      },
    });
    const agent = await TestAgent.start({ skills: [echo()], outbound: flaky });
    const user = await TestUser.create({ name: "timeout" });
    stops.push(
      () => agent.stop(),
      () => user.stop(),
    );
    const dm = await user.dmWith(agent.address);
    await dm.sendText("hello");
    await user.waitForMessage({
      where: (message) => (message.content as { content?: unknown })?.content === "ack:hello",
    });
    await settle();
    const delivered = await copiesOf(user, "ack:hello");
    console.log(`publish timed out once: ${JSON.stringify({ timedOut, retries, delivered })}`);
    expect(timedOut).toBe(true);
    expect(retries).toBe(1);
    expect(delivered).toBe(1);
  });

  describe("a replayed event and the agent's own local copies", () => {
    let sender: TestUser;
    let receiver: TestUser;
    let dm: Conversation;

    it("opens a conversation", async () => {
      sender = await TestUser.create({ name: "sender" });
      receiver = await TestUser.create({ name: "receiver" });
      stops.push(
        () => sender.stop(),
        () => receiver.stop(),
      );
      dm = await sender.dmWith(receiver.address);
    });

    /** One attempt at event `eventKey`: its journal over `store`, seen through `conversation`. */
    const attempt = (store: Store, eventKey: string, replay: boolean, conversation = dm) =>
      new WriteJournal(store, { eventKey, afterNs: 0n, replay }, conversation, events(sender));
    /** The event's one write: the text, sent as the context would. */
    const sendText = (
      journal: WriteJournal,
      text: string,
      send = (optimistic: boolean) => dm.sendText(text, optimistic),
    ) => journal.write(directOutbound, MESSAGE, send, ["text", text]);

    it("publishes a recorded but unpublished copy on replay, and never counts it as sent", async () => {
      const store = createMemoryStore();
      await expect(
        sendText(attempt(store, "m1", false, crashingPublish(dm)), "recorded-once"),
      ).rejects.toThrow("killed");
      const [local] = await dm.messages({ deliveryStatus: 0 as never });
      const statusAtCrash = local?.deliveryStatus;
      // What the old duplicate check saw: a sync, then every message, unpublished ones included.
      await dm.sync();
      const statusAfterSync =
        local && sender.client.conversations.getMessageById(local.id)?.deliveryStatus;
      const listedUnfiltered = (await dm.messages()).some((message) => message.id === local?.id);

      await sendText(attempt(store, "m1", true), "recorded-once");
      await settle();
      const delivered = await copiesOf(receiver, "recorded-once");
      const statusAfter =
        local && sender.client.conversations.getMessageById(local.id)?.deliveryStatus;
      console.log(
        `recorded, unpublished at the crash: ${JSON.stringify({ statusAtCrash, statusAfterSync, listedUnfiltered, statusAfter, delivered })}`,
      );
      expect(statusAtCrash).toBe(0);
      expect(statusAfter).toBe(PUBLISHED);
      expect(delivered).toBe(1);
    });

    it("adopts a copy prepared but never recorded (a crash between the two)", async () => {
      const store = createMemoryStore();
      await expect(
        sendText(attempt(failingSet(store), "m2", false), "prepared-once"),
      ).rejects.toThrow("store down");
      await sendText(attempt(store, "m2", true), "prepared-once");
      await settle();
      const delivered = await copiesOf(receiver, "prepared-once");
      console.log(`prepared, unrecorded at the crash: ${JSON.stringify({ delivered })}`);
      expect(delivered).toBe(1);
    });

    it("adopts an unrecorded copy that a sync published before the replay (a restart's catch-up)", async () => {
      const store = createMemoryStore();
      await expect(
        sendText(attempt(failingSet(store), "m3", false), "synced-once"),
      ).rejects.toThrow("store down");
      // What the restarted agent's catch-up does first: its sync publishes the prepared copy.
      await dm.sync();
      await sendText(attempt(store, "m3", true), "synced-once");
      await settle();
      const delivered = await copiesOf(receiver, "synced-once");
      console.log(`prepared, unrecorded, published by a sync: ${JSON.stringify({ delivered })}`);
      expect(delivered).toBe(1);
    });

    it("never adopts another event's message, published or not", async () => {
      const store = createMemoryStore();
      await sendText(attempt(store, "m4", false), "earlier-event");
      // Killed after it began to prepare its write, before the copy existed: nothing to adopt.
      await expect(
        sendText(attempt(store, "m5", false), "later-event", () =>
          Promise.reject(new Error("killed")),
        ),
      ).rejects.toThrow("killed");
      await sendText(attempt(store, "m5", true), "later-event");
      await settle();
      expect(await copiesOf(receiver, "later-event")).toBe(1);
    });
  });
});

/** What a journal outside the runtime needs: the client, and nothing to report back to. */
function events(user: TestUser) {
  return { client: user.client, unfinished: () => undefined };
}

/** The conversation as a process killed just before publishing sees it. */
function crashingPublish(conversation: Conversation): Conversation {
  return new Proxy(conversation, {
    get(target, property, receiver) {
      if (property === "publishMessages") return () => Promise.reject(new Error("killed"));
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A store whose writes fail: the process died (or the store did) before the record. */
function failingSet(store: Store): Store {
  return { ...store, set: () => Promise.reject(new Error("store down")) };
}
