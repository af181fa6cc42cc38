import { createServer } from "node:net";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SwitchboardError } from "../../index.js";
import { JsonRpcError, startJsonRpcServer } from "../../testing/evm/json-rpc-server.js";
import { startTestChain, type TestChain } from "../../testing/evm/test-chain.js";
import { type ChainReader, createChainReader } from "./chain-reader.js";
import { checkCondition } from "./check-condition.js";
import { type Condition, type Erc20BalanceCondition, parseConditionJson } from "./conditions.js";

let chain: TestChain;
let reader: ChainReader;
/** TKN: 2 decimals, so 100 TKN is 10000 base units. */
let tkn: Address;
let nft: Address;
let alice: Address;
let bob: Address;
let carol: Address;

beforeAll(async () => {
  chain = await startTestChain({ chainId: 31337 });
  [alice, bob, carol] = chain.accounts.slice(1).map((account) => account.address) as [
    Address,
    Address,
    Address,
  ];
  reader = createChainReader(chain.rpcUrl);
  tkn = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 2 });
  await chain.mintErc20(tkn, alice, 10_000n);
  await chain.mintErc20(tkn, bob, 9_999n);
  nft = await chain.deployErc721({ name: "Test NFT", symbol: "TNFT" });
  await chain.mintErc721(nft, alice, 1n);
});

afterAll(() => chain?.stop());

const atLeast100Tkn = (): Erc20BalanceCondition => ({
  kind: "erc20-balance",
  token: tkn,
  min: "10000",
});
const ownsNft = (tokenId?: string): Condition => ({ kind: "erc721-owner", token: nft, tokenId });

/** The SwitchboardError `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<SwitchboardError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SwitchboardError);
  return error as SwitchboardError;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("checkCondition on a real chain", () => {
  describe("erc20-balance", () => {
    it("admits a balance exactly at the minimum", async () => {
      expect(await checkCondition(reader, alice, atLeast100Tkn())).toEqual({
        ok: true,
        reasons: [],
      });
    });

    it("refuses one base unit below, in the token's own units", async () => {
      expect(await checkCondition(reader, bob, atLeast100Tkn())).toEqual({
        ok: false,
        reasons: ["needs at least 100 TKN (has 99.99)"],
      });
      expect((await checkCondition(reader, carol, atLeast100Tkn())).reasons).toEqual([
        "needs at least 100 TKN (has 0)",
      ]);
    });

    it("follows transfers", async () => {
      const token = await chain.deployErc20({ name: "Moving", symbol: "MOV", decimals: 0 });
      await chain.mintErc20(token, alice, 5n);
      const condition: Condition = { kind: "erc20-balance", token, min: "5" };
      expect((await checkCondition(reader, alice, condition)).ok).toBe(true);
      await chain.transferErc20(token, chain.accounts[1]!, bob, 1n);
      expect(await checkCondition(reader, alice, condition)).toEqual({
        ok: false,
        reasons: ["needs at least 5 MOV (has 4)"],
      });
    });

    it("falls back to raw base units when the contract has no decimals()", async () => {
      // An ERC-721 answers balanceOf but not decimals: exactly the shape of a bare ERC-20.
      const condition: Condition = { kind: "erc20-balance", token: nft, min: "2" };
      expect((await checkCondition(reader, alice, condition)).reasons).toEqual([
        "needs at least 2 base units of TNFT (has 1)",
      ]);
    });

    it("shows the address instead of a symbol unfit for a chat message", async () => {
      const token = await chain.deployErc20({
        name: "Spam",
        symbol: "visit evil.example now",
        decimals: 0,
      });
      expect(
        (await checkCondition(reader, alice, { kind: "erc20-balance", token, min: "1" })).reasons,
      ).toEqual([`needs at least 1 tokens of ${token} (has 0)`]);
    });
  });

  describe("erc721-owner", () => {
    it("admits any holder of the collection when no token id is given", async () => {
      expect((await checkCondition(reader, alice, ownsNft())).ok).toBe(true);
      expect(await checkCondition(reader, bob, ownsNft())).toEqual({
        ok: false,
        reasons: ["needs to own a TNFT token (owns none)"],
      });
    });

    it("checks a specific token id, naming who holds it or that it does not exist", async () => {
      expect((await checkCondition(reader, alice, ownsNft("1"))).ok).toBe(true);
      expect((await checkCondition(reader, bob, ownsNft("1"))).reasons).toEqual([
        `needs to own TNFT #1 (held by ${alice})`,
      ]);
      expect((await checkCondition(reader, bob, ownsNft("99"))).reasons).toEqual([
        "needs to own TNFT #99 (it does not exist)",
      ]);
    });

    it("stops admitting a holder after they transfer the token away", async () => {
      const collection = await chain.deployErc721({ name: "Passes", symbol: "PASS" });
      await chain.mintErc721(collection, alice, 5n);
      const anyPass: Condition = { kind: "erc721-owner", token: collection };
      const pass5: Condition = { kind: "erc721-owner", token: collection, tokenId: "5" };
      expect((await checkCondition(reader, alice, anyPass)).ok).toBe(true);

      await chain.transferErc721(collection, chain.accounts[1]!, carol, 5n);
      expect((await checkCondition(reader, alice, anyPass)).ok).toBe(false);
      expect((await checkCondition(reader, alice, pass5)).reasons).toEqual([
        `needs to own PASS #5 (held by ${carol})`,
      ]);
      expect((await checkCondition(reader, carol, anyPass)).ok).toBe(true);
      expect((await checkCondition(reader, carol, pass5)).ok).toBe(true);
    });
  });

  describe("groups", () => {
    const all = (...conditions: Condition[]): Condition => ({ kind: "all", conditions });
    const any = (...conditions: Condition[]): Condition => ({ kind: "any", conditions });

    it("all: admits only when every condition holds, listing every one that does not", async () => {
      expect((await checkCondition(reader, alice, all(atLeast100Tkn(), ownsNft()))).ok).toBe(true);
      expect(await checkCondition(reader, bob, all(atLeast100Tkn(), ownsNft()))).toEqual({
        ok: false,
        reasons: ["needs at least 100 TKN (has 99.99)", "needs to own a TNFT token (owns none)"],
      });
      expect(
        (await checkCondition(reader, alice, all(atLeast100Tkn(), ownsNft("2")))).reasons,
      ).toEqual(["needs to own TNFT #2 (it does not exist)"]);
    });

    it("any: admits when one condition holds, and otherwise offers the alternatives", async () => {
      expect((await checkCondition(reader, alice, any(ownsNft("2"), atLeast100Tkn()))).ok).toBe(
        true,
      );
      expect(await checkCondition(reader, bob, any(atLeast100Tkn(), ownsNft()))).toEqual({
        ok: false,
        reasons: [
          "either needs at least 100 TKN (has 99.99), or needs to own a TNFT token (owns none)",
        ],
      });
    });

    it("nests", async () => {
      const gate = any(ownsNft("1"), all(atLeast100Tkn(), ownsNft()));
      expect((await checkCondition(reader, alice, gate)).ok).toBe(true);
      expect((await checkCondition(reader, bob, gate)).reasons).toEqual([
        `either needs to own TNFT #1 (held by ${alice}), or needs at least 100 TKN (has 99.99) and needs to own a TNFT token (owns none)`,
      ]);
    });
  });

  it("checks a condition exactly as typed after /gate set", async () => {
    const condition = parseConditionJson(
      `{"kind":"erc20-balance","token":"${tkn.toLowerCase()}","min":"10000"}`,
    );
    expect((await checkCondition(reader, alice, condition)).ok).toBe(true);
    expect((await checkCondition(reader, bob, condition)).ok).toBe(false);
  });

  it("honours a matching chain id and refuses to judge by another chain", async () => {
    expect((await checkCondition(reader, alice, { ...atLeast100Tkn(), chainId: 31337 })).ok).toBe(
      true,
    );
    const error = await failure(checkCondition(reader, alice, { ...atLeast100Tkn(), chainId: 1 }));
    expect(error.code).toBe("SB_ERR_TOKEN_GATE_WRONG_CHAIN");
    expect(error.message).toBe(
      "the condition is for chain 1, but the RPC endpoint serves chain 31337",
    );
  });

  it("reports an address without a token contract as such, not as 'owns none'", async () => {
    const error = await failure(
      checkCondition(reader, alice, {
        kind: "erc721-owner",
        token: "0x000000000000000000000000000000000000dEaD",
      }),
    );
    expect(error.code).toBe("SB_ERR_TOKEN_GATE_NOT_A_TOKEN");
  });
});

describe("checkCondition when the chain cannot be read", () => {
  it("throws SB_ERR_TOKEN_GATE_RPC when the endpoint is down, without leaking the URL", async () => {
    const down = createChainReader(`http://127.0.0.1:${await closedPort()}/v2/secret-api-key`, {
      retryCount: 0,
    });
    const error = await failure(checkCondition(down, alice, atLeast100Tkn()));
    expect(error.code).toBe("SB_ERR_TOKEN_GATE_RPC");
    expect(error.message).toMatch(
      /^could not read balanceOf of 0x[0-9a-fA-F]{40} from the RPC endpoint: HTTP request failed/,
    );
    expect(error.message).not.toContain("secret-api-key");
  });

  it("throws SB_ERR_TOKEN_GATE_RPC when the node answers with an internal error, which viem calls a revert", async () => {
    const failing = await startJsonRpcServer(async () => {
      throw new JsonRpcError(-32603, "upstream unavailable");
    });
    try {
      const error = await failure(
        checkCondition(createChainReader(failing.url, { retryCount: 0 }), bob, ownsNft("1")),
      );
      expect(error.code).toBe("SB_ERR_TOKEN_GATE_RPC");
      expect(error.message).toContain("upstream unavailable");
    } finally {
      await failing.close();
    }
  });
});
