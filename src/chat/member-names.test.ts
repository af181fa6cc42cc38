import { describe, expect, it } from "vitest";
import { addCommand } from "../skills/membership/membership-commands.js";
import { kickCommand } from "../skills/moderation/moderation-commands.js";
import { pollCommands } from "../skills/polls/poll-commands.js";
import { pollsConfigSchema } from "../skills/polls/polls-config.js";
import { memberCommandNames, withAddresses, withNames } from "./member-names.js";

const bob = { name: "bob", address: "0xAbCd000000000000000000000000000000001234" };
const carol = { name: "carol", address: "0x00000000000000000000000000000000000c0a0c" };
const members = [bob, carol];

describe("member names in the demos", () => {
  const commands = memberCommandNames([
    kickCommand,
    addCommand,
    ...Object.values(pollCommands(pollsConfigSchema.parse({}))),
  ]);

  it("finds the commands whose arguments are members", () => {
    expect([...commands].sort()).toEqual(["add", "kick"]);
  });

  it("sends names as addresses in member commands only", () => {
    expect(withAddresses("/kick bob being rude", members, commands)).toBe(
      `/kick ${bob.address} being rude`,
    );
    expect(withAddresses("/add @carol bob", members, commands)).toBe(
      `/add ${carol.address} ${bob.address}`,
    );
    expect(withAddresses('/poll "Who?" bob carol', members, commands)).toBe(
      '/poll "Who?" bob carol',
    );
    expect(withAddresses("kick bob", members, commands)).toBe("kick bob");
    expect(withAddresses("/kick dave", members, commands)).toBe("/kick dave");
  });

  it("shows names behind full and short addresses", () => {
    expect(withNames(`/kick ${bob.address.toLowerCase()}`, members)).toBe("/kick bob");
    expect(withNames("Removed 0xabcd…1234 (3 strikes).", members)).toBe(
      "Removed bob (0xabcd…1234) (3 strikes).",
    );
  });
});
