import { type Block, createBlock } from "@ethereumjs/block";
import { type Common, createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";
import { createLegacyTx, createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { createAccount, createAddressFromString } from "@ethereumjs/util";
import { buildBlock, createVM, type RunTxResult, runTx, type VM } from "@ethereumjs/vm";
import { type Address, bytesToHex, type Hex, hexToBytes } from "viem";

/** Options for {@link EvmNode.create}. */
export interface EvmNodeOptions {
  chainId: number;
  /** Accounts that hold `balance` wei from the genesis block on. */
  fundedAccounts: readonly Address[];
  balance: bigint;
}

/** A transaction the node has mined, with everything its receipt reports. */
export interface MinedTransaction {
  tx: TypedTransaction;
  from: Address;
  block: Block;
  result: RunTxResult;
}

/** The parts of an `eth_call` / `eth_estimateGas` request the node acts on. */
export interface CallRequest {
  from?: Address;
  to?: Address;
  data?: Hex;
  value?: bigint;
  gas?: bigint;
}

/** A block number, or one of the tags every Ethereum node accepts. */
export type BlockTag = bigint | "latest" | "pending" | "safe" | "finalized" | "earliest";

/** An error a client caused (bad nonce, unknown block...), as opposed to a node bug. */
export class EvmNodeError extends Error {
  override name = "EvmNodeError";
}

/**
 * Cancun is the newest fork whose system contracts the node can do without: Prague's block
 * building calls predeploys (EIP-7002, EIP-7251) that a fresh chain does not have.
 */
const HARDFORK = Hardfork.Cancun;
const BLOCK_GAS_LIMIT = 30_000_000n;
const GENESIS_BASE_FEE = 1_000_000_000n;

/**
 * A single-node Ethereum chain on @ethereumjs/vm that mines every transaction into its own
 * block as soon as it arrives, like Anvil's or Hardhat's automine. It keeps every block, so
 * reads at an older block tag see that block's state. Operations run one at a time, so a read
 * never sees a block half-built.
 *
 * @example
 * const node = await EvmNode.create({ chainId: 31337, fundedAccounts: [address], balance: 10n ** 21n });
 * const hash = await node.sendRawTransaction(signedTx);
 */
export class EvmNode {
  readonly chainId: number;
  #vm: VM;
  #common: Common;
  #blocks: Block[];
  #mined = new Map<Hex, MinedTransaction>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(chainId: number, vm: VM, common: Common, genesis: Block) {
    this.chainId = chainId;
    this.#vm = vm;
    this.#common = common;
    this.#blocks = [genesis];
  }

  static async create(options: EvmNodeOptions): Promise<EvmNode> {
    const common = createCustomCommon(
      { chainId: options.chainId, name: "switchboard-test" },
      Mainnet,
      { hardfork: HARDFORK },
    );
    const vm = await createVM({ common });
    for (const address of options.fundedAccounts) {
      const account = createAccount({ balance: options.balance });
      await vm.stateManager.putAccount(createAddressFromString(address), account);
    }
    const genesis = createBlock(
      {
        header: {
          gasLimit: BLOCK_GAS_LIMIT,
          baseFeePerGas: GENESIS_BASE_FEE,
          timestamp: BigInt(Math.floor(Date.now() / 1000)),
          stateRoot: await vm.stateManager.getStateRoot(),
        },
        withdrawals: [],
      },
      { common },
    );
    return new EvmNode(options.chainId, vm, common, genesis);
  }

  get latestBlock(): Block {
    return this.#blocks.at(-1)!;
  }

  /** The block a tag names, or `undefined` for a number past the head. */
  blockAt(tag: BlockTag): Block | undefined {
    if (tag === "earliest") return this.#blocks[0];
    if (typeof tag === "string") return this.latestBlock;
    return this.#blocks[Number(tag)];
  }

  blockByHash(hash: Hex): Block | undefined {
    return this.#blocks.find((block) => bytesToHex(block.hash()) === hash);
  }

  minedTransaction(hash: Hex): MinedTransaction | undefined {
    return this.#mined.get(hash);
  }

  /**
   * Validates a signed transaction and mines it into a new block. A transaction that reverts is
   * still mined (with status 0), as on any chain; one that cannot be included at all (bad
   * nonce, too little balance, bad signature) is refused with an {@link EvmNodeError}.
   */
  sendRawTransaction(raw: Hex): Promise<Hex> {
    return this.#exclusive(async () => {
      const tx = decodeTransaction(raw, this.#common);
      const parent = this.latestBlock;
      const builder = await buildBlock(this.#vm, {
        parentBlock: parent,
        // Block timestamps must increase even when transactions arrive within one second.
        headerData: {
          timestamp: maxBigInt(BigInt(Math.floor(Date.now() / 1000)), parent.header.timestamp + 1n),
        },
        withdrawals: [],
        blockOpts: { putBlockIntoBlockchain: false },
      });
      let result: RunTxResult;
      try {
        result = await builder.addTransaction(tx);
      } catch (error) {
        await builder.revert();
        throw new EvmNodeError(ethereumjsReason(error));
      }
      const { block } = await builder.build();
      this.#blocks.push(block);
      const hash = bytesToHex(tx.hash());
      const from = tx.getSenderAddress().toString() as Address;
      this.#mined.set(hash, { tx, from, block, result });
      return hash;
    });
  }

  /**
   * Runs `request` as a transaction on top of the state at `tag`, and throws the result away:
   * the engine behind both `eth_call` and `eth_estimateGas`. Balance and nonce are not checked,
   * as `eth_call` semantics require.
   */
  simulate(request: CallRequest, tag: BlockTag): Promise<RunTxResult> {
    return this.#exclusive(async () => {
      const block = this.#requireBlock(tag);
      const vm = await this.#vmAt(block);
      const tx = createLegacyTx(
        {
          to: request.to,
          data: request.data,
          value: request.value ?? 0n,
          gasLimit: request.gas ?? block.header.gasLimit,
          gasPrice: block.header.baseFeePerGas ?? 0n,
        },
        { common: this.#common, freeze: false },
      );
      // An unsigned call has no sender to recover; `from` (or the zero address) stands in.
      const sender = createAddressFromString(request.from ?? ZERO_ADDRESS);
      tx.getSenderAddress = () => sender;
      try {
        return await runTx(vm, {
          tx,
          block,
          skipBalance: true,
          skipNonce: true,
          skipBlockGasLimitValidation: true,
        });
      } catch (error) {
        throw new EvmNodeError(ethereumjsReason(error));
      }
    });
  }

  /** An account's nonce, balance and code at `tag`; empty for an account never touched. */
  account(address: Address, tag: BlockTag): Promise<{ nonce: bigint; balance: bigint; code: Hex }> {
    return this.#exclusive(async () => {
      const { stateManager } = await this.#vmAt(this.#requireBlock(tag));
      const key = createAddressFromString(address);
      const account = await stateManager.getAccount(key);
      return {
        nonce: account?.nonce ?? 0n,
        balance: account?.balance ?? 0n,
        code: bytesToHex(await stateManager.getCode(key)),
      };
    });
  }

  #requireBlock(tag: BlockTag): Block {
    const block = this.blockAt(tag);
    if (block) return block;
    throw new EvmNodeError(`block ${tag} is past the head (${this.latestBlock.header.number})`);
  }

  /** A throwaway VM over the state as it was after `block`; the live one is never touched. */
  async #vmAt(block: Block): Promise<VM> {
    const vm = await this.#vm.shallowCopy();
    await vm.stateManager.setStateRoot(block.header.stateRoot);
    return vm;
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";

function decodeTransaction(raw: Hex, common: Common): TypedTransaction {
  try {
    return createTxFromRLP(hexToBytes(raw), { common });
  } catch (error) {
    throw new EvmNodeError(`invalid raw transaction: ${ethereumjsReason(error)}`);
  }
}

/** ethereumjs appends a dump of the VM, block and tx to its messages; clients need only the reason. */
function ethereumjsReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(" (vm hf=")[0]!;
}

function maxBigInt(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
