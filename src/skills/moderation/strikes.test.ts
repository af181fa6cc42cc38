import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../store/memory-store.js";
import { Strikes } from "./strikes.js";

const HOUR = 3_600_000;

describe("Strikes", () => {
  it("counts only the strikes given within the window", async () => {
    const strikes = new Strikes(createMemoryStore(), 24 * HOUR);
    const t0 = Date.now();
    expect(await strikes.add("g", "bob", t0)).toBe(1);
    expect(await strikes.add("g", "bob", t0 + 10 * HOUR)).toBe(2);
    // The first strike has expired a day after it was given; the second still counts.
    expect(await strikes.add("g", "bob", t0 + 25 * HOUR)).toBe(2);
    expect(await strikes.count("g", "bob", t0 + 25 * HOUR)).toBe(2);
    expect(await strikes.count("g", "bob", t0 + 48 * HOUR)).toBe(1);
    expect(await strikes.all("g", t0 + 25 * HOUR)).toEqual([{ inboxId: "bob", count: 2 }]);
    expect(await strikes.all("g", t0 + 50 * HOUR)).toEqual([]);
  });

  it("keeps members and groups apart, and forgets on clear", async () => {
    const strikes = new Strikes(createMemoryStore(), HOUR);
    await strikes.add("g", "bob");
    await strikes.add("g", "bob");
    await strikes.add("g", "carol");
    await strikes.add("h", "bob");
    expect(await strikes.all("g")).toEqual([
      { inboxId: "bob", count: 2 },
      { inboxId: "carol", count: 1 },
    ]);
    await strikes.clear("g", "bob");
    expect(await strikes.count("g", "bob")).toBe(0);
    expect(await strikes.count("h", "bob")).toBe(1);
  });

  it("forgives counts stored by versions whose strikes never expired", async () => {
    const store = createMemoryStore();
    await store.set("strikes:g:bob", 2);
    const strikes = new Strikes(store, HOUR);
    expect(await strikes.count("g", "bob")).toBe(0);
    expect(await strikes.add("g", "bob")).toBe(1);
  });
});
