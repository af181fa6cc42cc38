import { describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { CURSOR_WRITE_DELAY_MS, HandledLedger } from "./handled-ledger.js";

/** `store`, noting the key of every call to `method` in `keys`. */
function noting(store: Store, method: "update" | "setIfAbsent") {
  const keys: string[] = [];
  const call = store[method].bind(store) as (key: string, ...rest: unknown[]) => Promise<unknown>;
  const noted = (key: string, ...rest: unknown[]) => {
    keys.push(key);
    return call(key, ...rest);
  };
  return { store: { ...store, [method]: noted } as Store, keys };
}

describe("HandledLedger", () => {
  it("keeps the newest cursor per conversation", async () => {
    const ledger = new HandledLedger(createMemoryStore());
    ledger.advanceCursor({ conversationId: "c", sentAtNs: 200n });
    ledger.advanceCursor({ conversationId: "c", sentAtNs: 100n });
    expect(await ledger.cursor("c")).toBe(200n);
    expect(await ledger.cursor("other")).toBeUndefined();
  });

  it("writes a conversation's moved cursor once, later, and never moves it back", async () => {
    vi.useFakeTimers();
    try {
      const store = createMemoryStore();
      const { store: counting, keys: writes } = noting(store, "update");
      await store.set("cursor:c", "500");
      const ledger = new HandledLedger(counting);
      for (const sentAtNs of [300n, 600n, 700n])
        ledger.advanceCursor({ conversationId: "c", sentAtNs });
      ledger.advanceCursor({ conversationId: "d", sentAtNs: 10n });
      expect(writes).toEqual([]);
      expect(await ledger.cursor("c")).toBe(700n);
      await vi.advanceTimersByTimeAsync(CURSOR_WRITE_DELAY_MS);
      expect(writes).toEqual(["cursor:c", "cursor:d"]);
      expect(await store.get("cursor:c")).toBe("700");
      ledger.advanceCursor({ conversationId: "c", sentAtNs: 400n });
      await ledger.writeCursors();
      expect(await new HandledLedger(store).cursor("c")).toBe(700n);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a cursor whose write failed for the next write", async () => {
    const store = createMemoryStore();
    let down = true;
    const flaky = {
      ...store,
      update: ((key, fn, options) =>
        down
          ? Promise.reject(new Error("store down"))
          : store.update(key, fn, options)) as typeof store.update,
    };
    const ledger = new HandledLedger(flaky);
    ledger.advanceCursor({ conversationId: "c", sentAtNs: 42n });
    await expect(ledger.writeCursors()).rejects.toThrow("store down");
    down = false;
    await ledger.writeCursors();
    expect(await store.get("cursor:c")).toBe("42");
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
    const { store: counting, keys: asked } = noting(store, "setIfAbsent");
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
