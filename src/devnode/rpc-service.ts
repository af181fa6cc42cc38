import {
  Metadata,
  type MethodDefinition,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { z } from "zod";
import { assertFrameShape, type FrameShape } from "./frame-shape.js";
import type { MessageCodec } from "./proto-codecs.js";
import { describeIssue } from "./request-schemas.js";
import { invalidArgument, RpcError } from "./rpc-error.js";

/** A request/response RPC: decode, validate with zod, handle, encode. */
export interface UnaryMethod<Decoded, Valid, Response> {
  /** Bounds checked on the raw frame before `request` decodes it. */
  shape: FrameShape;
  request: MessageCodec<Decoded>;
  schema: z.ZodType<Valid>;
  response: MessageCodec<Response>;
  handle(request: Valid, metadata: Metadata): Response;
}

/** A server-streaming RPC: the handler writes to `stream` until the client or server closes it. */
export interface StreamMethod<Decoded, Valid, Response> {
  shape: FrameShape;
  request: MessageCodec<Decoded>;
  schema: z.ZodType<Valid>;
  response: MessageCodec<Response>;
  stream(request: Valid, stream: ResponseStream<Response>): void;
}

/** Declares a unary method; the function only exists to infer its types. */
export const unary = <Decoded, Valid, Response>(
  method: UnaryMethod<Decoded, Valid, Response>,
): AnyUnary => method;

/** Declares a server-streaming method; the function only exists to infer its types. */
export const serverStream = <Decoded, Valid, Response>(
  method: StreamMethod<Decoded, Valid, Response>,
): AnyStream => method;

export interface ResponseStream<Response> {
  write(response: Response): void;
  onClose(listener: () => void): void;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of methods with unrelated message types
type AnyUnary = UnaryMethod<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
type AnyStream = StreamMethod<any, any, any>;

/** Calls, failures and open streams per method: the devnode's RPC counter. */
export class RpcStats {
  readonly calls = new Map<string, number>();
  readonly failures = new Map<string, number>();
  readonly #openStreams = new Set<ServerWritableStream<Buffer, Buffer>>();

  count(method: string, failed: boolean): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (failed) this.failures.set(method, (this.failures.get(method) ?? 0) + 1);
  }

  track(call: ServerWritableStream<Buffer, Buffer>): void {
    this.#openStreams.add(call);
    call.on("close", () => this.#openStreams.delete(call));
    call.on("cancelled", () => this.#openStreams.delete(call));
  }

  get openStreams(): number {
    return this.#openStreams.size;
  }

  /**
   * Ends every open stream: grpc-js `tryShutdown` would otherwise wait for them forever.
   * They end with UNAVAILABLE, not OK: a client treats a cleanly finished subscription as
   * over for good, and an unavailable one as something to re-open once the node is back.
   */
  closeStreams(): void {
    for (const call of this.#openStreams) {
      call.emit("error", { code: status.UNAVAILABLE, details: "devnode shutting down" });
    }
    this.#openStreams.clear();
  }

  snapshot(): Record<string, { calls: number; failures: number }> {
    return Object.fromEntries(
      [...this.calls].map(([method, calls]) => [
        method,
        { calls, failures: this.failures.get(method) ?? 0 },
      ]),
    );
  }
}

/** What every handler needs besides its request. */
export interface RpcContext {
  stats: RpcStats;
  logger: Logger;
}

export interface ServiceParts {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/**
 * Builds a grpc-js service from typed method tables. Frames travel as raw bytes so that the
 * devnode, not grpc-js, decodes them: a frame that does not decode is INVALID_ARGUMENT.
 */
export function defineService(
  serviceName: string,
  methods: { unary: Record<string, AnyUnary>; streams?: Record<string, AnyStream> },
  context: RpcContext,
): ServiceParts {
  const definition: Record<string, MethodDefinition<Buffer, Buffer>> = {};
  const implementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(methods.unary)) {
    definition[name] = rawMethod(`/${serviceName}/${name}`, false);
    implementation[name] = unaryHandler(name, method, context);
  }
  for (const [name, method] of Object.entries(methods.streams ?? {})) {
    definition[name] = rawMethod(`/${serviceName}/${name}`, true);
    implementation[name] = streamHandler(name, method, context);
  }
  return { definition, implementation };
}

function rawMethod(path: string, responseStream: boolean): MethodDefinition<Buffer, Buffer> {
  const same = (value: Buffer) => value;
  return {
    path,
    requestStream: false,
    responseStream,
    requestSerialize: same,
    requestDeserialize: same,
    responseSerialize: same,
    responseDeserialize: same,
  };
}

/**
 * Bounds, decodes and validates a frame. Whatever a client sends, the answer is the request or
 * INVALID_ARGUMENT: the codec and schema refuse bad input by throwing, never by crashing.
 */
function decodeRequest<Decoded, Valid>(
  method: { shape: FrameShape; request: MessageCodec<Decoded>; schema: z.ZodType<Valid> },
  bytes: Buffer,
): Valid {
  assertFrameShape(bytes, method.shape);
  let parsed: ReturnType<z.ZodType<Valid>["safeParse"]>;
  try {
    parsed = method.schema.safeParse(method.request.decode(bytes));
  } catch (error) {
    if (error instanceof RpcError) throw error;
    throw invalidArgument(`undecodable frame: ${(error as Error).message}`);
  }
  if (!parsed.success) throw invalidArgument(describeIssue(parsed.error));
  return parsed.data;
}

function encode<T>(codec: MessageCodec<T>, value: T): Buffer {
  const bytes = codec.encode(value).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toServiceError(error: unknown, method: string, logger: Logger) {
  if (error instanceof RpcError) {
    logger.debug({ method, code: status[error.code], reason: error.message }, "rpc refused");
    return { code: error.code, details: error.message };
  }
  logger.error({ method, err: error }, "rpc failed inside the devnode");
  return { code: status.INTERNAL, details: "internal devnode error" };
}

function unaryHandler(name: string, method: AnyUnary, { stats, logger }: RpcContext) {
  return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
    try {
      const request = decodeRequest(method, call.request);
      const response = encode(method.response, method.handle(request, call.metadata));
      stats.count(name, false);
      callback(null, response);
    } catch (error) {
      stats.count(name, true);
      callback(toServiceError(error, name, logger));
    }
  };
}

function streamHandler(name: string, method: AnyStream, { stats, logger }: RpcContext) {
  return (call: ServerWritableStream<Buffer, Buffer>) => {
    let request: unknown;
    try {
      request = decodeRequest(method, call.request);
    } catch (error) {
      stats.count(name, true);
      call.emit("error", toServiceError(error, name, logger));
      return;
    }
    stats.count(name, false);
    stats.track(call);
    logger.debug({ method: name }, "stream opened");
    // tonic waits for response headers before it reports the stream open; without them
    // `agent.start()` hangs until the first message arrives.
    call.sendMetadata(new Metadata());
    const closeListeners: Array<() => void> = [];
    const closed = () => {
      for (const listener of closeListeners.splice(0)) listener();
    };
    call.on("cancelled", closed);
    call.on("close", closed);
    call.on("error", closed);
    method.stream(request, {
      write: (response) => {
        if (!call.destroyed && !call.writableEnded) call.write(encode(method.response, response));
      },
      onClose: (listener) => closeListeners.push(listener),
    });
  };
}
