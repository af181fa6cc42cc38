import { beforeEach, describe, expect, it } from "vitest";
import type { Condition } from "./conditions.js";
import { joinGroup, joinReply } from "./join-group.js";
import { type FakeChain, type FakeGroup, fakeChain, fakeGroup } from "./test-fakes.js";

const TKN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const DAVE = "0x00000000000000000000000000000000000000d0";
const condition: Condition = { kind: "erc20-balance", token: TKN, min: "10000" };
const dave = { inboxId: "dave", address: DAVE } as const;

let chain: FakeChain;
let group: FakeGroup;

beforeEach(() => {
  chain = fakeChain({ [TKN]: { symbol: "TKN", decimals: 2 } });
  group = fakeGroup([{ inboxId: "admin", addresses: [], exempt: true }]);
});

describe("joinGroup", () => {
  it("adds a requester who qualifies", async () => {
    chain.setBalance(TKN, DAVE, 10_000n);
    expect(await joinGroup(chain, group, condition, dave)).toEqual({ kind: "added" });
    expect(group.added).toEqual(["dave"]);
  });

  it("refuses one who does not, with the reasons", async () => {
    chain.setBalance(TKN, DAVE, 500n);
    const outcome = await joinGroup(chain, group, condition, dave);
    expect(outcome).toEqual({ kind: "not-qualified", reasons: ["needs at least 100 TKN (has 5)"] });
    expect(joinReply(outcome, "TKN club")).toBe(
      "You can't join TKN club yet: needs at least 100 TKN (has 5).",
    );
    expect(group.added).toEqual([]);
  });

  it("says the chain cannot be read instead of refusing", async () => {
    chain.down = true;
    const outcome = await joinGroup(chain, group, condition, dave);
    expect(joinReply(outcome, "TKN club")).toBe("I can't check the chain right now, try later.");
  });

  it("refuses politely when the agent is not an admin, before reading the chain", async () => {
    group.agentAdmin = false;
    chain.down = true;
    const outcome = await joinGroup(chain, group, condition, dave);
    expect(outcome).toEqual({ kind: "agent-not-admin" });
    expect(joinReply(outcome, "TKN club")).toContain("I'm not an admin there");
  });

  it("tells a member they are already in", async () => {
    expect(await joinGroup(chain, group, condition, { inboxId: "admin", address: DAVE })).toEqual({
      kind: "already-member",
    });
  });

  it("cannot check an inbox without an Ethereum address", async () => {
    expect(
      await joinGroup(chain, group, condition, { inboxId: "dave", address: undefined }),
    ).toEqual({ kind: "no-address" });
  });
});
