import type { Block } from "@ethereumjs/block";
import type { RunTxResult } from "@ethereumjs/vm";
import { bytesToHex, type Hex, isAddress, isHex, numberToHex } from "viem";
import { z } from "zod";
import {
  type BlockTag,
  type CallRequest,
  type EvmNode,
  EvmNodeError,
  type MinedTransaction,
} from "./evm-node.js";
import { JsonRpcError, type JsonRpcHandler } from "./json-rpc-server.js";

/** The tip the node suggests; nothing competes for block space here, so any tip is included. */
const PRIORITY_FEE = 1_000_000_000n;

const hexData = z
  .string()
  .refine((value) => isHex(value), "expected 0x-prefixed hex") as z.ZodType<Hex>;
const quantity = z
  .string()
  .regex(/^0x[0-9a-fA-F]+$/, "expected a 0x-prefixed hex quantity")
  .transform((value) => BigInt(value));
const address = z
  .string()
  .refine((value) => isAddress(value), "expected an address") as z.ZodType<`0x${string}`>;
const blockTag: z.ZodType<BlockTag> = z.union([
  z.enum(["latest", "pending", "safe", "finalized", "earliest"]),
  quantity,
]);
const hash = hexData.refine((value) => value.length === 66, "expected a 32-byte hash");
const callRequest: z.ZodType<CallRequest> = z
  .object({
    from: address.optional(),
    to: address.nullish(),
    data: hexData.optional(),
    // Newer clients send the calldata as `input`; both mean the same.
    input: hexData.optional(),
    value: quantity.optional(),
    gas: quantity.optional(),
  })
  .transform(({ input, data, to, ...rest }) => ({
    ...rest,
    ...(to ? { to } : {}),
    ...((data ?? input) ? { data: data ?? input } : {}),
  }));

const methods = {
  eth_chainId: z.tuple([]),
  eth_blockNumber: z.tuple([]),
  eth_gasPrice: z.tuple([]),
  eth_maxPriorityFeePerGas: z.tuple([]),
  eth_getBlockByNumber: z.tuple([blockTag, z.boolean().optional()]),
  eth_getBlockByHash: z.tuple([hash, z.boolean().optional()]),
  eth_getBalance: z.tuple([address, blockTag.optional()]),
  eth_getCode: z.tuple([address, blockTag.optional()]),
  eth_getTransactionCount: z.tuple([address, blockTag.optional()]),
  eth_call: z.tuple([callRequest, blockTag.optional()]),
  eth_estimateGas: z.tuple([callRequest, blockTag.optional()]),
  eth_sendRawTransaction: z.tuple([hexData]),
  eth_getTransactionReceipt: z.tuple([hash]),
} as const;

type MethodName = keyof typeof methods;
type Params<M extends MethodName> = z.output<(typeof methods)[M]>;

/**
 * The Ethereum JSON-RPC methods viem's public and wallet clients use, answered by an
 * {@link EvmNode} with geth's error conventions (reverts are code 3 with the revert data, so
 * viem decodes the reason). An unlisted method is answered with -32601 naming it, which makes a
 * missing one obvious the first time a test needs it.
 *
 * @example
 * const server = await startJsonRpcServer(ethRpcHandler(node));
 */
export function ethRpcHandler(node: EvmNode): JsonRpcHandler {
  return async (method, rawParams) => {
    if (!Object.hasOwn(methods, method)) {
      throw new JsonRpcError(-32601, `method ${method} is not supported by the test chain`);
    }
    const name = method as MethodName;
    const params = methods[name].safeParse(rawParams ?? []);
    if (!params.success) {
      throw new JsonRpcError(
        -32602,
        `invalid params for ${name}: ${z.prettifyError(params.error)}`,
      );
    }
    try {
      return await dispatch(node, name, params.data);
    } catch (error) {
      if (error instanceof EvmNodeError) throw new JsonRpcError(-32000, error.message);
      throw error;
    }
  };
}

function dispatch<M extends MethodName>(
  node: EvmNode,
  method: M,
  params: Params<M>,
): Promise<unknown> {
  const handlers: { [K in MethodName]: (params: Params<K>) => unknown } = {
    eth_chainId: () => numberToHex(node.chainId),
    eth_blockNumber: () => numberToHex(node.latestBlock.header.number),
    eth_gasPrice: () => numberToHex(node.latestBlock.header.calcNextBaseFee() + PRIORITY_FEE),
    eth_maxPriorityFeePerGas: () => numberToHex(PRIORITY_FEE),
    eth_getBlockByNumber: ([tag, full]) => blockJson(node.blockAt(tag), full),
    eth_getBlockByHash: ([blockHash, full]) => blockJson(node.blockByHash(blockHash), full),
    eth_getBalance: async ([who, tag]) =>
      numberToHex((await node.account(who, tag ?? "latest")).balance),
    eth_getCode: async ([who, tag]) => (await node.account(who, tag ?? "latest")).code,
    eth_getTransactionCount: async ([who, tag]) =>
      numberToHex((await node.account(who, tag ?? "latest")).nonce),
    eth_call: async ([request, tag]) =>
      bytesToHex(succeeded(await node.simulate(request, tag ?? "latest")).execResult.returnValue),
    eth_estimateGas: ([request, tag]) => estimateGas(node, request, tag ?? "latest"),
    eth_sendRawTransaction: ([raw]) => node.sendRawTransaction(raw),
    eth_getTransactionReceipt: ([txHash]) => {
      const mined = node.minedTransaction(txHash);
      return mined ? receiptJson(mined) : null;
    },
  };
  return Promise.resolve(handlers[method](params));
}

/**
 * The smallest gas limit worth trying, checked by running it: what the transaction burned
 * before refunds, plus the 2300 a call must keep in reserve and the 1/64 each call withholds
 * (EIP-150). Should even that fail, the block gas limit does, like any node's upper bound.
 */
async function estimateGas(node: EvmNode, request: CallRequest, tag: BlockTag): Promise<Hex> {
  const unbounded = succeeded(await node.simulate(request, tag));
  const burned = unbounded.totalGasSpent + (unbounded.execResult.gasRefund ?? 0n);
  const candidate = ((burned + 2300n) * 64n) / 63n;
  const check = await node.simulate({ ...request, gas: candidate }, tag);
  return numberToHex(
    check.execResult.exceptionError ? node.latestBlock.header.gasLimit : candidate,
  );
}

/** A simulation's result if it ran to the end; geth's error shapes otherwise. */
function succeeded(result: RunTxResult): RunTxResult {
  const failure = result.execResult.exceptionError;
  if (!failure) return result;
  if (failure.error === "revert") {
    throw new JsonRpcError(3, "execution reverted", bytesToHex(result.execResult.returnValue));
  }
  throw new JsonRpcError(-32000, failure.error);
}

function blockJson(block: Block | undefined, full: boolean | undefined) {
  if (!block) return null;
  if (full) throw new JsonRpcError(-32602, "full transaction objects are not supported");
  const { uncleHash, coinbase, transactionsTrie, receiptTrie, ...header } = block.header.toJSON();
  return {
    ...header,
    hash: bytesToHex(block.hash()),
    sha3Uncles: uncleHash,
    miner: coinbase,
    transactionsRoot: transactionsTrie,
    receiptsRoot: receiptTrie,
    size: numberToHex(block.serialize().length),
    totalDifficulty: "0x0",
    transactions: block.transactions.map((tx) => bytesToHex(tx.hash())),
    uncles: [],
    withdrawals: [],
  };
}

/** A receipt as `eth_getTransactionReceipt` reports it; every block holds one transaction. */
function receiptJson({ tx, from, block, result }: MinedTransaction) {
  const blockHash = bytesToHex(block.hash());
  const blockNumber = numberToHex(block.header.number);
  const transactionHash = bytesToHex(tx.hash());
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const status = "status" in result.receipt ? result.receipt.status : 1;
  return {
    transactionHash,
    transactionIndex: "0x0",
    blockHash,
    blockNumber,
    from,
    to: tx.to?.toString() ?? null,
    contractAddress: result.createdAddress?.toString() ?? null,
    cumulativeGasUsed: numberToHex(result.receipt.cumulativeBlockGasUsed),
    gasUsed: numberToHex(result.totalGasSpent),
    effectiveGasPrice: numberToHex(baseFee + tx.getEffectivePriorityFee(baseFee)),
    logs: result.receipt.logs.map(([logAddress, topics, data], logIndex) => ({
      address: bytesToHex(logAddress),
      topics: topics.map((topic) => bytesToHex(topic)),
      data: bytesToHex(data),
      blockHash,
      blockNumber,
      transactionHash,
      transactionIndex: "0x0",
      logIndex: numberToHex(logIndex),
      removed: false,
    })),
    logsBloom: bytesToHex(result.bloom.bitvector),
    status: numberToHex(status),
    type: numberToHex(tx.type),
  };
}
