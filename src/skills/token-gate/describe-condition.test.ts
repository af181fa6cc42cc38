import { describe, expect, it } from "vitest";
import type { Condition } from "./conditions.js";
import { describeCondition } from "./describe-condition.js";

const TKN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const NFT = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const known = (token: string) =>
  token === TKN ? { symbol: "TKN", decimals: 18 } : token === NFT ? { symbol: "PUNK" } : undefined;

describe("describeCondition", () => {
  const erc20: Condition = { kind: "erc20-balance", token: TKN, min: "100000000000000000000" };

  it("uses the token's symbol and decimals when they are known", () => {
    expect(describeCondition(erc20, known)).toBe("holds at least 100 TKN");
    expect(describeCondition({ kind: "erc721-owner", token: NFT }, known)).toBe(
      "owns a PUNK token",
    );
    expect(describeCondition({ kind: "erc721-owner", token: NFT, tokenId: "7" }, known)).toBe(
      "owns PUNK #7",
    );
  });

  it("falls back to raw base units and addresses", () => {
    expect(describeCondition(erc20)).toBe(
      `holds at least 100000000000000000000 base units of ${TKN}`,
    );
    expect(describeCondition({ kind: "erc721-owner", token: NFT, chainId: 8453 })).toBe(
      `owns a ${NFT} token on chain 8453`,
    );
  });

  it("spells out groups, bracketing nested ones", () => {
    const gate: Condition = {
      kind: "any",
      conditions: [
        erc20,
        {
          kind: "all",
          conditions: [
            { kind: "erc721-owner", token: NFT, tokenId: "1" },
            { kind: "erc721-owner", token: NFT, tokenId: "2" },
          ],
        },
      ],
    };
    expect(describeCondition(gate, known)).toBe(
      "any of: holds at least 100 TKN; (all of: owns PUNK #1; owns PUNK #2)",
    );
  });
});
