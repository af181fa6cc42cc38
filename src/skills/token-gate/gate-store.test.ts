import { beforeEach, describe, expect, it } from "vitest";
import { createMemoryStore, type Store } from "../../index.js";
import type { Condition } from "./conditions.js";
import { GateStore } from "./gate-store.js";

const condition: Condition = {
  kind: "erc721-owner",
  token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
};

let store: Store;
let gates: GateStore;

beforeEach(() => {
  store = createMemoryStore();
  gates = new GateStore(store);
});

describe("GateStore", () => {
  it("binds, lists and unbinds groups", async () => {
    await gates.bind("g1", { condition, setBy: "alice", setAt: 1 });
    await gates.bind("g2", { condition, setBy: "alice", setAt: 2 });
    expect(await gates.binding("g1")).toEqual({ condition, setBy: "alice", setAt: 1 });
    expect((await gates.bindings()).map(({ groupId }) => groupId)).toEqual(["g1", "g2"]);
    expect(await gates.unbind("g1")).toBe(true);
    expect(await gates.unbind("g1")).toBe(false);
    expect(await gates.binding("g1")).toBeUndefined();
  });

  it("keeps grace periods per group and drops a group's with its gate", async () => {
    await gates.startGrace("g1", "bob", { since: 10, reasons: ["needs 1 TKN"] });
    await gates.startGrace("g2", "bob", { since: 20, reasons: [] });
    expect(await gates.graces("g1")).toEqual([
      { groupId: "g1", inboxId: "bob", grace: { since: 10, reasons: ["needs 1 TKN"] } },
    ]);
    await gates.unbind("g1");
    expect((await gates.graces()).map(({ groupId }) => groupId)).toEqual(["g2"]);
    expect(await gates.endGrace("g2", "bob")).toBe(true);
    expect(await gates.graces()).toEqual([]);
  });

  it("refuses a malformed entry rather than acting on it", async () => {
    await store.set("gate:g1", { condition: { kind: "erc20-balance" }, setBy: "x", setAt: 1 });
    await expect(gates.binding("g1")).rejects.toMatchObject({ code: "SB_ERR_STORE" });
  });

  it("lets one replica at a time hold the recheck lease", async () => {
    expect(await gates.claimRecheck("a", 60_000)).toBe(true);
    expect(await gates.claimRecheck("b", 60_000)).toBe(false);
    await gates.releaseRecheck("b");
    expect(await gates.claimRecheck("b", 60_000)).toBe(false);
    await gates.releaseRecheck("a");
    expect(await gates.claimRecheck("b", 60_000)).toBe(true);
  });
});
