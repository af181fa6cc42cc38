import { describe, expect, it } from "vitest";
import { buildCondition } from "./build-condition.js";
import { fakeChain } from "./test-fakes.js";

const TKN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RAW = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const chain = () => fakeChain({ [TKN]: { symbol: "TKN", decimals: 2 } });

describe("buildCondition", () => {
  it("converts /gate erc20 amounts from whole tokens with the token's decimals", async () => {
    expect(
      await buildCondition({ action: "erc20", token: TKN, amount: "1.5" }, chain(), undefined),
    ).toEqual({
      kind: "erc20-balance",
      token: TKN,
      min: "150",
    });
  });

  it("refuses more precision than the token has, and fractions of a token without decimals()", async () => {
    await expect(
      buildCondition({ action: "erc20", token: TKN, amount: "0.001" }, chain(), undefined),
    ).rejects.toMatchObject({
      code: "SB_ERR_TOKEN_GATE_INVALID_CONDITION",
      message: "TKN has 2 decimals, so 0.001 is too precise",
    });
    await expect(
      buildCondition({ action: "erc20", token: RAW, amount: "1.5" }, chain(), undefined),
    ).rejects.toMatchObject({ message: expect.stringContaining("in base units") });
    await expect(
      buildCondition({ action: "erc20", token: TKN, amount: "0" }, chain(), undefined),
    ).rejects.toMatchObject({ message: expect.stringContaining("0 would admit everyone") });
  });

  it("stamps the configured chain on every token condition that names none", async () => {
    const json = `{"kind":"any","conditions":[{"kind":"erc721-owner","token":"${RAW}"},{"kind":"erc721-owner","token":"${RAW}","chainId":31337}]}`;
    expect(await buildCondition({ action: "set", json }, chain(), 31337)).toEqual({
      kind: "any",
      conditions: [
        { kind: "erc721-owner", token: RAW, chainId: 31337 },
        { kind: "erc721-owner", token: RAW, chainId: 31337 },
      ],
    });
  });

  it("refuses to bind a condition for another chain than the endpoint serves", async () => {
    const json = `{"kind":"erc721-owner","token":"${RAW}","chainId":1}`;
    await expect(buildCondition({ action: "set", json }, chain(), 31337)).rejects.toMatchObject({
      code: "SB_ERR_TOKEN_GATE_WRONG_CHAIN",
    });
  });

  it("reads the condition once, so an unreachable chain is reported when binding", async () => {
    const down = chain();
    down.down = true;
    await expect(
      buildCondition({ action: "erc721", token: RAW, tokenId: undefined }, down, undefined),
    ).rejects.toMatchObject({ code: "SB_ERR_TOKEN_GATE_RPC" });
  });
});
