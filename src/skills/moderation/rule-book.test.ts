import pino from "pino";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../index.js";
import { RuleBook } from "./rule-book.js";

const log = pino({ level: "silent" });

describe("RuleBook", () => {
  it("starts a group with the default rules, which can be removed", async () => {
    const book = new RuleBook(createMemoryStore(), [{ type: "length", max: 100 }]);
    expect(await book.list("g1", log)).toEqual([{ id: 1, spec: { type: "length", max: 100 } }]);
    await book.remove("g1", 1);
    expect(await book.list("g1", log)).toEqual([]);
    // Another group still has the defaults.
    expect(await book.list("g2", log)).toHaveLength(1);
  });

  it("numbers rules in order and never reuses a number", async () => {
    const book = new RuleBook(createMemoryStore(), []);
    const first = await book.add("g", { type: "word", words: ["a"] });
    const second = await book.add("g", { type: "repeat", count: 2 });
    await book.remove("g", second!.id);
    const third = await book.add("g", { type: "length", max: 9 });
    expect([first?.id, second?.id, third?.id]).toEqual([1, 2, 3]);
    expect((await book.list("g", log)).map((rule) => rule.id)).toEqual([1, 3]);
  });

  it("skips a stored rule that no longer validates, keeping the others", async () => {
    const store = createMemoryStore();
    await store.set("rules:g", {
      nextId: 3,
      rules: [
        { id: 1, spec: { type: "regex", pattern: "(a)\\1" } },
        { id: 2, spec: { type: "length", max: 10 } },
      ],
    });
    const book = new RuleBook(store, []);
    expect((await book.list("g", log)).map((rule) => rule.id)).toEqual([2]);
    expect(await book.remove("g", 1)).toEqual({
      id: 1,
      spec: { type: "regex", pattern: "(a)\\1" },
    });
  });

  it("refuses a corrupt rule book with a stable code", async () => {
    const store = createMemoryStore();
    await store.set("rules:g", { nope: true });
    await expect(new RuleBook(store, []).list("g", log)).rejects.toMatchObject({
      code: "SB_ERR_STORE",
    });
  });
});
