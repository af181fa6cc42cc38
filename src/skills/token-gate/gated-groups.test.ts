import { describe, expect, it } from "vitest";
import { findGatedGroup, type GatedGroup } from "./gated-groups.js";
import { fakeGroup } from "./test-fakes.js";

const binding = {
  condition: { kind: "erc721-owner", token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
  setBy: "alice",
  setAt: 0,
} as const;
const gated = (id: string, name: string): GatedGroup => ({
  group: { ...fakeGroup([], name), id },
  binding,
});
const groups = [gated("aa11", "TKN club"), gated("bb22", "Punks"), gated("cc33", "punks")];

describe("findGatedGroup", () => {
  it("finds a group by name, ignoring case and spaces, or by id", () => {
    expect(findGatedGroup(groups, "  tkn CLUB ")).toEqual({ kind: "found", gated: groups[0] });
    expect(findGatedGroup(groups, "BB22")).toEqual({ kind: "found", gated: groups[1] });
  });

  it("reports a name several groups share, and a name none has", () => {
    expect(findGatedGroup(groups, "punks")).toEqual({
      kind: "ambiguous",
      matches: [groups[1], groups[2]],
    });
    expect(findGatedGroup(groups, "whales")).toEqual({ kind: "none" });
  });
});
