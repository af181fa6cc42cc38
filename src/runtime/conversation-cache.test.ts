import type { Client, Conversation } from "@xmtp/node-sdk";
import { describe, expect, it } from "vitest";
import { ConversationCache } from "./conversation-cache.js";

/** A client whose conversations appear only after a sync, counting every lookup. */
function fakeClient(existing: string[], afterSync: string[] = []) {
  const known = new Set(existing);
  const calls = { lookups: 0, syncs: 0 };
  const client = {
    conversations: {
      async getConversationById(id: string) {
        calls.lookups += 1;
        return known.has(id) ? ({ id } as Conversation) : undefined;
      },
      async sync() {
        calls.syncs += 1;
        for (const id of afterSync) known.add(id);
      },
    },
  } as unknown as Client;
  return { client, calls };
}

describe("ConversationCache", () => {
  it("looks a conversation up once, and the same object serves every later message", async () => {
    const { client, calls } = fakeClient(["a"]);
    const cache = new ConversationCache(client);
    const first = await cache.get("a");
    expect(await cache.get("a")).toBe(first);
    expect(calls).toEqual({ lookups: 1, syncs: 0 });
  });

  it("syncs for a conversation the database does not hold yet, and keeps no miss", async () => {
    const { client, calls } = fakeClient([], ["new"]);
    const cache = new ConversationCache(client);
    expect((await cache.get("new"))?.id).toBe("new");
    expect(await cache.get("missing")).toBeUndefined();
    expect(await cache.get("missing")).toBeUndefined();
    expect(calls).toEqual({ lookups: 6, syncs: 3 });
  });

  it("keeps the streamed conversation and drops the least recently used beyond its capacity", async () => {
    const { client, calls } = fakeClient(["a", "b", "c"]);
    const cache = new ConversationCache(client, { capacity: 2 });
    cache.remember({ id: "streamed" } as Conversation);
    await cache.get("a");
    await cache.get("streamed");
    await cache.get("b");
    expect(calls.lookups).toBe(2);
    await cache.get("streamed");
    await cache.get("a");
    expect(calls.lookups).toBe(3);
  });
});
