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
});
