import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * An error answered to the client as a JSON-RPC error object. Anything else a method throws is
 * answered as -32603 (internal error) with its message, which is what a test author debugging
 * the chain wants to see.
 */
export class JsonRpcError extends Error {
  override name = "JsonRpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** Answers one JSON-RPC call; `params` is whatever the client sent, still unvalidated. */
export type JsonRpcHandler = (method: string, params: unknown) => Promise<unknown>;

/** A running {@link startJsonRpcServer}. */
export interface JsonRpcServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops accepting requests and drops open connections, so clients fail fast. */
  close(): Promise<void>;
}

const requestSchema = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.number(), z.null()]),
  method: z.string(),
  params: z.unknown().optional(),
});

/** Ethereum requests are small; this only stops a runaway client from exhausting memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Serves JSON-RPC 2.0 over HTTP POST on a free loopback port. Batches are refused: viem's
 * `http()` transport sends them only when asked to, and nothing here asks.
 *
 * @example
 * const server = await startJsonRpcServer(async (method) => {
 *   if (method === "eth_chainId") return "0x7a69";
 *   throw new JsonRpcError(-32601, `method ${method} not found`);
 * });
 * await server.close();
 */
export async function startJsonRpcServer(handler: JsonRpcHandler): Promise<JsonRpcServer> {
  const server = createServer((request, response) => {
    void answer(request, handler).then(({ status, body }) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would otherwise hold `close` open until they idle out.
        server.closeAllConnections();
      }),
  };
}

async function answer(
  request: IncomingMessage,
  handler: JsonRpcHandler,
): Promise<{ status: number; body: unknown }> {
  if (request.method !== "POST") {
    return { status: 405, body: failure(null, new JsonRpcError(-32600, "use POST")) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(request));
  } catch (error) {
    return { status: 400, body: failure(null, new JsonRpcError(-32700, messageOf(error))) };
  }
  if (Array.isArray(parsed)) {
    const refused = new JsonRpcError(-32600, "batch requests are not supported");
    return { status: 400, body: failure(null, refused) };
  }
  const call = requestSchema.safeParse(parsed);
  if (!call.success) {
    const invalid = new JsonRpcError(-32600, `invalid request: ${z.prettifyError(call.error)}`);
    return { status: 400, body: failure(null, invalid) };
  }
  const { id, method, params } = call.data;
  try {
    return { status: 200, body: { jsonrpc: "2.0", id, result: await handler(method, params) } };
  } catch (error) {
    return { status: 200, body: failure(id, error) };
  }
}

function failure(id: string | number | null, error: unknown) {
  const { code, message, data } =
    error instanceof JsonRpcError ? error : new JsonRpcError(-32603, messageOf(error));
  return {
    jsonrpc: "2.0",
    id,
    error: data === undefined ? { code, message } : { code, message, data },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
