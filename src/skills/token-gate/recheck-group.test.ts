import { beforeEach, describe, expect, it } from "vitest";
import { createMemoryStore } from "../../index.js";
import type { Condition } from "./conditions.js";
import { GateStore } from "./gate-store.js";
import { recheckGroup } from "./recheck-group.js";
import { type FakeChain, type FakeGroup, fakeChain, fakeGroup } from "./test-fakes.js";

const TKN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const BOB = "0x00000000000000000000000000000000000000b0";
const CAROL = "0x00000000000000000000000000000000000000c0";
const ADMIN = "0x00000000000000000000000000000000000000a0";
const atLeast100: Condition = { kind: "erc20-balance", token: TKN, min: "10000" };
const GRACE_MS = 60_000;

let chain: FakeChain;
let gates: GateStore;
let group: FakeGroup;
let now: number;

const recheck = () =>
  recheckGroup(group, atLeast100, { reader: chain, gates, graceMs: GRACE_MS, now: () => now });

beforeEach(() => {
  chain = fakeChain({ [TKN]: { symbol: "TKN", decimals: 2 } });
  gates = new GateStore(createMemoryStore());
  group = fakeGroup([
    { inboxId: "admin", addresses: [ADMIN], exempt: true },
    { inboxId: "bob", addresses: [BOB], exempt: false },
    { inboxId: "carol", addresses: [CAROL], exempt: false },
  ]);
  chain.setBalance(TKN, BOB, 10_000n);
  chain.setBalance(TKN, CAROL, 10_000n);
  now = 1_000_000;
});

describe("recheckGroup", () => {
  it("leaves qualifying members alone and never checks exempt ones", async () => {
    const report = await recheck();
    expect(report).toMatchObject({ checked: 2, warned: [], removed: [], cleared: [] });
    expect(group.sent).toEqual([]);
  });

  it("warns a member who stopped qualifying, mentioning them, then removes them after the grace period", async () => {
    chain.setBalance(TKN, BOB, 500n);
    expect((await recheck()).warned).toEqual(["bob"]);
    expect(group.sent).toEqual([
      `@${BOB}, you no longer meet this group's token gate: needs at least 100 TKN (has 5). If that is still so in 1 minute, I'll remove you from the group.`,
    ]);

    now += GRACE_MS - 1;
    const early = await recheck();
    expect(early).toMatchObject({ warned: [], removed: [], pending: ["bob"] });
    expect(group.sent).toHaveLength(1);

    now += 1;
    expect((await recheck()).removed).toEqual(["bob"]);
    expect(group.removed).toEqual(["bob"]);
    expect(group.sent.at(-1)).toBe(`Removed @${BOB}: needs at least 100 TKN (has 5).`);
    expect(await gates.graces(group.id)).toEqual([]);
  });

  it("forgives a member who qualifies again during the grace period", async () => {
    chain.setBalance(TKN, BOB, 0n);
    await recheck();
    chain.setBalance(TKN, BOB, 20_000n);
    now += GRACE_MS;
    const report = await recheck();
    expect(report).toMatchObject({ cleared: ["bob"], removed: [] });
    expect(group.removed).toEqual([]);
  });

  it("removes nobody and keeps grace periods when the chain cannot be read", async () => {
    chain.setBalance(TKN, BOB, 0n);
    await recheck();
    chain.down = true;
    now += GRACE_MS * 10;
    await expect(recheck()).rejects.toMatchObject({ code: "SB_ERR_TOKEN_GATE_RPC" });
    expect(group.removed).toEqual([]);
    expect((await gates.graces(group.id)).map((entry) => entry.inboxId)).toEqual(["bob"]);
  });

  it("qualifies an inbox when any of its addresses holds enough", async () => {
    const second = "0x00000000000000000000000000000000000000d0";
    chain.setBalance(TKN, BOB, 0n);
    chain.setBalance(TKN, second, 10_000n);
    group.memberList[1] = { inboxId: "bob", addresses: [BOB, second], exempt: false };
    expect((await recheck()).warned).toEqual([]);
  });

  it("forgets the grace period of a member who left or became an admin", async () => {
    chain.setBalance(TKN, BOB, 0n);
    chain.setBalance(TKN, CAROL, 0n);
    await recheck();
    group.memberList = group.memberList.filter((member) => member.inboxId !== "bob");
    group.memberList[1] = { ...group.memberList[1]!, exempt: true };
    await recheck();
    expect(await gates.graces(group.id)).toEqual([]);
  });

  it("checks nobody in a group where the agent is not an admin", async () => {
    chain.setBalance(TKN, BOB, 0n);
    group.agentAdmin = false;
    expect(await recheck()).toMatchObject({ agentNotAdmin: true, checked: 0 });
    expect(group.sent).toEqual([]);
  });

  it("with no grace period, warns and removes in the same pass", async () => {
    chain.setBalance(TKN, CAROL, 1n);
    const report = await recheckGroup(group, atLeast100, { reader: chain, gates, graceMs: 0 });
    expect(report).toMatchObject({ warned: ["carol"], removed: ["carol"] });
    expect(group.sent[0]).toContain("I have to remove you.");
  });
});
