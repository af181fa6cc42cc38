import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  type LocalAccount,
  parseEther,
  type TransactionReceipt,
} from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { TestErc20, TestErc721 } from "../../../test/fixtures/contracts/artifacts.js";
import { ethRpcHandler } from "./eth-rpc-methods.js";
import { EvmNode } from "./evm-node.js";
import { startJsonRpcServer } from "./json-rpc-server.js";

/** Options for {@link startTestChain}. */
export interface TestChainOptions {
  /** Default 31337, the id Anvil and Hardhat use for local chains. */
  chainId?: number;
  /** How many funded accounts to create. Default 4. */
  accountCount?: number;
}

/**
 * A real EVM in this process behind a JSON-RPC endpoint on loopback, with helpers that deploy
 * and move the fixture tokens through viem wallet clients, exactly as a user's wallet would.
 */
export interface TestChain {
  /** `http://127.0.0.1:<port>`: give it to the code under test as its RPC URL. */
  readonly rpcUrl: string;
  /** The viem chain, with the right id and `rpcUrl` as its default RPC. */
  readonly chain: Chain;
  /** Funded dev accounts with fresh random keys; `accounts[0]` deploys and owns every token. */
  readonly accounts: readonly PrivateKeyAccount[];
  deployErc20(options: { name: string; symbol: string; decimals: number }): Promise<Address>;
  /** Mints `amount` base units to `to`. */
  mintErc20(token: Address, to: Address, amount: bigint): Promise<void>;
  /** Moves `amount` base units from `from`, which signs and pays gas: one of {@link TestChain.accounts}. */
  transferErc20(token: Address, from: LocalAccount, to: Address, amount: bigint): Promise<void>;
  deployErc721(options: { name: string; symbol: string }): Promise<Address>;
  mintErc721(token: Address, to: Address, tokenId: bigint): Promise<void>;
  /** Moves token `tokenId` from its holder `from`, which signs and pays gas. */
  transferErc721(token: Address, from: LocalAccount, to: Address, tokenId: bigint): Promise<void>;
  /** Closes the endpoint; calls to `rpcUrl` fail with "connection refused" afterwards. */
  stop(): Promise<void>;
}

const DEV_BALANCE = parseEther("10000");

/**
 * Starts an in-process Ethereum chain (@ethereumjs/vm, Cancun rules, one block per
 * transaction) serving JSON-RPC on a free loopback port, so the code under test reaches it
 * through `http(rpcUrl)` like any real node.
 *
 * @example
 * const chain = await startTestChain();
 * const token = await chain.deployErc20({ name: "Test", symbol: "TKN", decimals: 18 });
 * await chain.mintErc20(token, chain.accounts[1]!.address, 10n ** 20n);
 * await chain.stop();
 */
export async function startTestChain(options: TestChainOptions = {}): Promise<TestChain> {
  const chainId = options.chainId ?? 31337;
  const accounts = Array.from({ length: options.accountCount ?? 4 }, () =>
    privateKeyToAccount(generatePrivateKey()),
  );
  const node = await EvmNode.create({
    chainId,
    fundedAccounts: accounts.map((account) => account.address),
    balance: DEV_BALANCE,
  });
  const server = await startJsonRpcServer(ethRpcHandler(node));
  const chain = defineChain({
    id: chainId,
    name: "Switchboard test chain",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [server.url] } },
  });
  const transport = http(server.url);
  const publicClient = createPublicClient({ chain, transport });
  const walletOf = (account: LocalAccount) => createWalletClient({ account, chain, transport });
  const owner = walletOf(accounts[0]!);

  /**
   * The receipt of a sent transaction, there as soon as the hash is, since the node mines on
   * arrival. A revert throws: viem's writes only report one when gas estimation catches it.
   */
  async function mined(sent: Promise<Hash>): Promise<TransactionReceipt> {
    const receipt = await publicClient.getTransactionReceipt({ hash: await sent });
    if (receipt.status !== "success")
      throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  }

  async function deployed(sent: Promise<Hash>): Promise<Address> {
    const { contractAddress, transactionHash } = await mined(sent);
    if (!contractAddress) throw new Error(`transaction ${transactionHash} created no contract`);
    return contractAddress;
  }

  return {
    rpcUrl: server.url,
    chain,
    accounts,
    deployErc20: ({ name, symbol, decimals }) =>
      deployed(owner.deployContract({ ...TestErc20, args: [name, symbol, decimals] })),
    mintErc20: async (token, to, amount) => {
      const abi = TestErc20.abi;
      await mined(
        owner.writeContract({ address: token, abi, functionName: "mint", args: [to, amount] }),
      );
    },
    transferErc20: async (token, from, to, amount) => {
      const abi = TestErc20.abi;
      await mined(
        walletOf(from).writeContract({
          address: token,
          abi,
          functionName: "transfer",
          args: [to, amount],
        }),
      );
    },
    deployErc721: ({ name, symbol }) =>
      deployed(owner.deployContract({ ...TestErc721, args: [name, symbol] })),
    mintErc721: async (token, to, tokenId) => {
      const abi = TestErc721.abi;
      await mined(
        owner.writeContract({ address: token, abi, functionName: "mint", args: [to, tokenId] }),
      );
    },
    transferErc721: async (token, from, to, tokenId) => {
      const abi = TestErc721.abi;
      const args = [from.address, to, tokenId] as const;
      await mined(
        walletOf(from).writeContract({ address: token, abi, functionName: "transferFrom", args }),
      );
    },
    stop: () => server.close(),
  };
}
