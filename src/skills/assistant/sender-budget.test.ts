import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../store/memory-store.js";
import { SenderBudget } from "./sender-budget.js";

describe("SenderBudget", () => {
  it("allows a sender until their tokens for the window are spent, then again in the next window", async () => {
    const budget = new SenderBudget(createMemoryStore(), { points: 1_000, durationMs: 60_000 });
    expect(await budget.allows("bob", 0)).toBe(true);
    await budget.spend("bob", 600, 0);
    expect(await budget.allows("bob", 1_000)).toBe(true);
    await budget.spend("bob", 400, 1_000);
    expect(await budget.allows("bob", 2_000)).toBe(false);
    expect(await budget.allows("carol", 2_000)).toBe(true);
    expect(await budget.allows("bob", 60_000)).toBe(true);
    await budget.spend("bob", 10, 60_000);
    expect(await budget.allows("bob", 61_000)).toBe(true);
  });
});
