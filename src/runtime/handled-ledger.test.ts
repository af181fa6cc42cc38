import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { HandledLedger } from "./handled-ledger.js";

describe("HandledLedger", () => {
  it("keeps the newest cursor per conversation", async () => {
    const ledger = new HandledLedger(createMemoryStore());
    await ledger.advanceCursor({ conversationId: "c", sentAtNs: 200n });
    await ledger.advanceCursor({ conversationId: "c", sentAtNs: 100n });
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
});
