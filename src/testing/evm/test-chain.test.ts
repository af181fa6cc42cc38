import {
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  parseEther,
  parseEventLogs,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestErc20, TestErc721 } from "../../../test/fixtures/contracts/artifacts.js";
import { startTestChain, type TestChain } from "./test-chain.js";

let chain: TestChain;
let client: PublicClient;

beforeAll(async () => {
  chain = await startTestChain({ chainId: 4242 });
  // No caching: tests compare block numbers before and after a transaction.
  client = createPublicClient({ chain: chain.chain, transport: http(chain.rpcUrl), cacheTime: 0 });
});

afterAll(() => chain?.stop());

/** A raw JSON-RPC call, to see the wire answers viem would otherwise interpret. */
async function rpc(method: string, params: unknown[] = []) {
  const response = await fetch(chain.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await response.json()) as {
    result?: unknown;
    error?: { code: number; message: string; data?: unknown };
  };
}

describe("startTestChain", () => {
  it("serves its chain id on a loopback port and funds every account", async () => {
    expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(chain.chain.id).toBe(4242);
    expect(chain.chain.rpcUrls.default.http).toEqual([chain.rpcUrl]);
    expect(await client.getChainId()).toBe(4242);
    expect(chain.accounts).toHaveLength(4);
    for (const account of chain.accounts) {
      expect(await client.getBalance({ address: account.address })).toBe(parseEther("10000"));
    }
  });

  it("deploys an ERC-20 whose metadata, mints and transfers are read back through RPC", async () => {
    const [, alice, bob] = chain.accounts;
    const token = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 6 });
    expect(await client.getCode({ address: token })).toMatch(/^0x[0-9a-f]{100,}$/);
    const read = (functionName: "name" | "symbol" | "decimals") =>
      client.readContract({ address: token, abi: TestErc20.abi, functionName });
    expect([await read("name"), await read("symbol"), await read("decimals")]).toEqual([
      "Test Token",
      "TKN",
      6,
    ]);

    await chain.mintErc20(token, alice!.address, 1_000n);
    await chain.transferErc20(token, alice!, bob!.address, 300n);
    const balanceOf = (holder: `0x${string}`) =>
      client.readContract({
        address: token,
        abi: TestErc20.abi,
        functionName: "balanceOf",
        args: [holder],
      });
    expect([await balanceOf(alice!.address), await balanceOf(bob!.address)]).toEqual([700n, 300n]);
  });

  it("surfaces the contract's revert reason when a token operation is refused", async () => {
    const [, alice, bob] = chain.accounts;
    const token = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 18 });
    await expect(chain.transferErc20(token, alice!, bob!.address, 1n)).rejects.toThrow(
      "TestErc20: insufficient balance",
    );
    const stranger = createWalletClient({
      account: alice!,
      chain: chain.chain,
      transport: http(chain.rpcUrl),
    });
    await expect(
      stranger.writeContract({
        address: token,
        abi: TestErc20.abi,
        functionName: "mint",
        args: [alice!.address, 1n],
      }),
    ).rejects.toThrow("TestErc20: only the owner mints");
  });

  it("deploys an ERC-721 and tracks ownership across a transfer", async () => {
    const [, alice, bob] = chain.accounts;
    const nft = await chain.deployErc721({ name: "Test NFT", symbol: "TNFT" });
    await chain.mintErc721(nft, alice!.address, 7n);
    const ownerOf = (tokenId: bigint) =>
      client.readContract({
        address: nft,
        abi: TestErc721.abi,
        functionName: "ownerOf",
        args: [tokenId],
      });
    expect(await ownerOf(7n)).toBe(alice!.address);

    await chain.transferErc721(nft, alice!, bob!.address, 7n);
    expect(await ownerOf(7n)).toBe(bob!.address);
    const balanceOf = (holder: `0x${string}`) =>
      client.readContract({
        address: nft,
        abi: TestErc721.abi,
        functionName: "balanceOf",
        args: [holder],
      });
    expect([await balanceOf(alice!.address), await balanceOf(bob!.address)]).toEqual([0n, 1n]);
    await expect(ownerOf(8n)).rejects.toThrow("TestErc721: no such token");
    await expect(chain.transferErc721(nft, alice!, bob!.address, 7n)).rejects.toThrow(
      "TestErc721: from is not the holder",
    );
  });

  it("mines each transaction into its own block with a receipt and decodable logs", async () => {
    const [owner, alice] = chain.accounts;
    const token = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 18 });
    const wallet = createWalletClient({
      account: owner!,
      chain: chain.chain,
      transport: http(chain.rpcUrl),
    });
    const before = await client.getBlockNumber();
    const hash = await wallet.writeContract({
      address: token,
      abi: TestErc20.abi,
      functionName: "mint",
      args: [alice!.address, 5n],
    });
    const receipt = await client.getTransactionReceipt({ hash });
    expect(receipt).toMatchObject({
      status: "success",
      blockNumber: before + 1n,
      from: owner!.address.toLowerCase(),
    });
    const [transfer] = parseEventLogs({
      abi: TestErc20.abi,
      logs: receipt.logs,
      eventName: "Transfer",
    });
    expect(transfer?.args).toEqual({
      from: "0x0000000000000000000000000000000000000000",
      to: alice!.address,
      value: 5n,
    });
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    expect(block.transactions).toEqual([hash]);
    expect(block.hash).toBe(receipt.blockHash);
  });

  it("reads state as of an earlier block", async () => {
    const [, alice] = chain.accounts;
    const token = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 18 });
    const beforeMint = await client.getBlockNumber();
    await chain.mintErc20(token, alice!.address, 42n);
    const balanceAt = (blockNumber?: bigint) =>
      client.readContract({
        address: token,
        abi: TestErc20.abi,
        functionName: "balanceOf",
        args: [alice!.address],
        blockNumber,
      });
    expect(await balanceAt(beforeMint)).toBe(0n);
    expect(await balanceAt()).toBe(42n);
  });

  it("answers unsupported methods and bad params with JSON-RPC errors that name them", async () => {
    expect((await rpc("eth_getLogs", [{}])).error).toEqual({
      code: -32601,
      message: "method eth_getLogs is not supported by the test chain",
    });
    const bad = await rpc("eth_getBalance", ["not-an-address"]);
    expect(bad.error?.code).toBe(-32602);
    expect(bad.error?.message).toContain("expected an address");
    const stale = await rpc("eth_sendRawTransaction", ["0x1234"]);
    expect(stale.error?.code).toBe(-32000);
    expect(stale.error?.message).toMatch(/^invalid raw transaction/);
  });

  it("refuses connections once stopped", async () => {
    const stopped = await startTestChain({ accountCount: 1 });
    const probe = createPublicClient({ transport: http(stopped.rpcUrl, { retryCount: 0 }) });
    expect(await probe.getChainId()).toBe(31337);
    await stopped.stop();
    await expect(probe.getChainId()).rejects.toThrow("HTTP request failed");
  });
});
