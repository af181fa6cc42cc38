import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { ActionRegistry } from "./action-registry.js";

describe("ActionRegistry", () => {
  const record = {
    skill: "polls",
    handler: "vote",
    conversationId: "c1",
    actionIds: ["a", "b"],
    data: { pollId: "p" },
  };

  it("routes a tap on a registered button set with its data", async () => {
    const registry = new ActionRegistry(createMemoryStore());
    const id = await registry.register(record);
    expect(id).toMatch(/^sb-[A-Za-z0-9_-]{16}$/);
    expect(await registry.resolve({ id, actionId: "b" }, "c1")).toEqual({ ok: true, record });
  });

  it("refuses unknown ids, other conversations, unknown actions and expired sets", async () => {
    const registry = new ActionRegistry(createMemoryStore());
    const id = await registry.register({ ...record, expiresAt: Date.now() + 1_000 });
    expect(await registry.resolve({ id: "sb-nope", actionId: "a" }, "c1")).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(await registry.resolve({ id, actionId: "a" }, "c2")).toEqual({
      ok: false,
      reason: "wrong-conversation",
    });
    expect(await registry.resolve({ id, actionId: "z" }, "c1")).toEqual({
      ok: false,
      reason: "unknown-action",
    });
    expect(await registry.resolve({ id, actionId: "a" }, "c1", Date.now() + 2_000)).toEqual({
      ok: false,
      reason: "expired",
    });
    await registry.expire(id);
    expect(await registry.resolve({ id, actionId: "a" }, "c1")).toEqual({
      ok: false,
      reason: "expired",
    });
  });
});
