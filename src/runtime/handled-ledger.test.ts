import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { HandledLedger } from "./handled-ledger.js";

describe("HandledLedger", () => {
  it("remembers handled ids and keeps the newest cursor per conversation", async () => {
    const ledger = new HandledLedger(createMemoryStore());
    expect(await ledger.isHandled("a")).toBe(false);
    await ledger.markHandled({ id: "a", conversationId: "c", sentAtNs: 200n });
    await ledger.markHandled({ id: "b", conversationId: "c", sentAtNs: 100n });
    expect(await ledger.isHandled("a")).toBe(true);
    expect(await ledger.cursor("c")).toBe(200n);
    expect(await ledger.cursor("other")).toBeUndefined();
  });

  it("fixes `since` at the first start and announces each conversation once", async () => {
    const ledger = new HandledLedger(createMemoryStore());
    expect(await ledger.since(10n)).toBe(10n);
    expect(await ledger.since(99n)).toBe(10n);
    expect(await ledger.firstSighting("c")).toBe(true);
    expect(await ledger.firstSighting("c")).toBe(false);
  });

  it("asks the store about a conversation once, then remembers it", async () => {
    const store = createMemoryStore();
    const asked: string[] = [];
    const counting = {
      ...store,
      setIfAbsent: ((key, value, options) => {
        asked.push(key);
        return store.setIfAbsent(key, value, options);
      }) as typeof store.setIfAbsent,
    };
    await store.setIfAbsent("conversation:old", 1);
    const ledger = new HandledLedger(counting);
    for (let i = 0; i < 3; i++) {
      await ledger.firstSighting("new");
      await ledger.firstSighting("old");
    }
    expect(asked).toEqual(["conversation:new", "conversation:old"]);
    expect(await new HandledLedger(store).firstSighting("new")).toBe(false);
  });

  it("forgets handled ids after the retention period", async () => {
    const ledger = new HandledLedger(createMemoryStore(), { retentionMs: 30 });
    await ledger.markHandled({ id: "a", conversationId: "c", sentAtNs: 1n });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await ledger.isHandled("a")).toBe(false);
    expect(await ledger.cursor("c")).toBe(1n);
  });
});
