import {
  type Address,
  BaseError,
  createPublicClient,
  ExecutionRevertedError,
  erc20Abi,
  erc721Abi,
  HttpRequestError,
  http,
  RpcError,
  RpcRequestError,
  TimeoutError,
} from "viem";
import { SwitchboardError } from "../../index.js";
import { isDisplayableSymbol, type TokenMetadata } from "./token-metadata.js";

/**
 * The few chain reads the token gate makes. Implementations throw {@link SwitchboardError}
 * (`SB_ERR_TOKEN_GATE_RPC`, `SB_ERR_TOKEN_GATE_NOT_A_TOKEN`) when they cannot answer, never a guess.
 */
export interface ChainReader {
  /** The id of the chain the endpoint serves. */
  chainId(): Promise<number>;
  /** `balanceOf(holder)`, the same call on ERC-20 and ERC-721 contracts. */
  balanceOf(token: Address, holder: Address): Promise<bigint>;
  /** The holder of ERC-721 token `tokenId`, or `undefined` when no such token exists. */
  ownerOf(token: Address, tokenId: bigint): Promise<Address | undefined>;
  /** Symbol and decimals, where the contract offers them; cached, as tokens do not change them. */
  metadata(token: Address): Promise<TokenMetadata>;
}

/** Options for {@link createChainReader}. */
export interface ChainReaderOptions {
  /** Per-request timeout. Default 10 s (viem's). */
  timeoutMs?: number;
  /** Retries of a failed request, with backoff. Default 3 (viem's). */
  retryCount?: number;
}

/**
 * A {@link ChainReader} over viem's HTTP transport.
 *
 * @example
 * ```ts
 * const reader = createChainReader(process.env.RPC_URL!);
 * const balance = await reader.balanceOf(token, member);
 * ```
 */
export function createChainReader(rpcUrl: string, options: ChainReaderOptions = {}): ChainReader {
  const client = createPublicClient({
    transport: http(rpcUrl, { timeout: options.timeoutMs, retryCount: options.retryCount }),
  });

  const readMetadata = async (token: Address): Promise<TokenMetadata> => {
    const [symbol, decimals] = await Promise.all([
      attempt("symbol", token, () =>
        client.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
      ),
      attempt("decimals", token, () =>
        client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
      ),
    ]);
    const metadata: TokenMetadata = {};
    if (symbol.answered && isDisplayableSymbol(symbol.value)) metadata.symbol = symbol.value;
    if (decimals.answered) metadata.decimals = decimals.value;
    return metadata;
  };

  return {
    chainId: memoize(async () => {
      try {
        return await client.getChainId();
      } catch (error) {
        throw rpcFailure("the chain id", error);
      }
    }),
    balanceOf: async (token, holder) => {
      const balance = await attempt("balanceOf", token, () =>
        client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [holder],
        }),
      );
      if (!balance.answered) throw notAToken(token, "balanceOf");
      return balance.value;
    },
    ownerOf: async (token, tokenId) => {
      const owner = await attempt("ownerOf", token, () =>
        client.readContract({
          address: token,
          abi: erc721Abi,
          functionName: "ownerOf",
          args: [tokenId],
        }),
      );
      if (owner.answered) return owner.value;
      // ERC-721 requires ownerOf to revert for a token that does not exist.
      if (owner.reverted) return undefined;
      throw notAToken(token, "ownerOf");
    },
    metadata: memoizeBy(readMetadata),
  };
}

type Attempt<T> = { answered: true; value: T } | { answered: false; reverted: boolean };

/**
 * Runs a contract read and sorts its failure: the contract reverted, or answered something
 * that is not what the ABI says (no contract there, wrong return type), are facts about the
 * contract; anything from the transport or the node is a {@link SwitchboardError}.
 */
async function attempt<T>(
  call: string,
  token: Address,
  read: () => Promise<T>,
): Promise<Attempt<T>> {
  try {
    return { answered: true, value: await read() };
  } catch (error) {
    if (!(error instanceof BaseError)) throw rpcFailure(`${call} of ${token}`, error);
    // viem also reports a node's -32603 "internal error" as a revert; only code 3 or the
    // node's own "execution reverted" message (ExecutionRevertedError) really is one.
    if (error.walk((cause) => cause instanceof ExecutionRevertedError)) {
      return { answered: false, reverted: true };
    }
    if (transportError(error)) throw rpcFailure(`${call} of ${token}`, error);
    return { answered: false, reverted: false };
  }
}

function transportError(error: BaseError): BaseError | undefined {
  const found = error.walk(
    (cause) =>
      cause instanceof HttpRequestError ||
      cause instanceof RpcRequestError ||
      cause instanceof TimeoutError ||
      cause instanceof RpcError,
  );
  return found instanceof BaseError ? found : undefined;
}

/**
 * viem's full messages name the RPC URL, which often carries an API key (Alchemy, Infura...),
 * so only the short message and details are kept, and viem's error is not attached as cause.
 */
function rpcFailure(what: string, error: unknown): SwitchboardError {
  const source = error instanceof BaseError ? (transportError(error) ?? error) : undefined;
  const reason = source
    ? [source.shortMessage, source.details].filter(Boolean).join(" ")
    : String(error instanceof Error ? error.message : error);
  return new SwitchboardError(
    "SB_ERR_TOKEN_GATE_RPC",
    `could not read ${what} from the RPC endpoint: ${reason}`,
  );
}

function notAToken(token: Address, call: string): SwitchboardError {
  return new SwitchboardError(
    "SB_ERR_TOKEN_GATE_NOT_A_TOKEN",
    `${token} did not answer ${call} like a token contract; is it deployed on this chain?`,
  );
}

/** Caches a successful answer; a failure is retried on the next call. */
function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

/** {@link memoize} per key. */
function memoizeBy<K, T>(load: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const cache = new Map<K, () => Promise<T>>();
  return (key) => {
    let entry = cache.get(key);
    if (!entry) {
      entry = memoize(() => load(key));
      cache.set(key, entry);
    }
    return entry();
  };
}
