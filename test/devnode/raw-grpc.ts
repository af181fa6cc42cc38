import { type Client, credentials, makeGenericClientConstructor, status } from "@grpc/grpc-js";

export const MLS = "/xmtp.mls.api.v1.MlsApi";
export const IDENTITY = "/xmtp.identity.api.v1.IdentityApi";

/** How a raw call ended: the gRPC status, its details, and the response bytes when OK. */
export interface RawResult {
  code: status;
  details: string;
  response?: Buffer;
}

/**
 * A gRPC client that sends whatever bytes it is given: frames no well-behaved client sends.
 *
 * @example
 * const raw = rawClient(node.port);
 * const { code } = await raw.unary(`${MLS}/QueryGroupMessages`, new Uint8Array([0xff]));
 */
export function rawClient(port: number) {
  const Raw = makeGenericClientConstructor({}, "Raw");
  const client: Client = new Raw(`127.0.0.1:${port}`, credentials.createInsecure(), {
    "grpc.max_send_message_length": 64 * 1024 * 1024,
  });
  const same = (value: Buffer) => value;
  return {
    unary(path: string, bytes: Uint8Array): Promise<RawResult> {
      return new Promise((resolve) => {
        client.makeUnaryRequest(path, same, same, Buffer.from(bytes), (error, response) =>
          resolve(
            error
              ? { code: error.code, details: error.details }
              : { code: status.OK, details: "", response },
          ),
        );
      });
    },
    /** Opens a server stream; OK once the server sends headers (then the stream is cancelled). */
    stream(path: string, bytes: Uint8Array): Promise<RawResult> {
      return new Promise((resolve) => {
        const call = client.makeServerStreamRequest(path, same, same, Buffer.from(bytes));
        let opened = false;
        call.on("metadata", () => {
          opened = true;
          call.cancel();
        });
        call.on("data", () => undefined);
        call.on("error", () => undefined);
        call.on("status", (ended) => resolve(opened ? { code: status.OK, details: "" } : ended));
      });
    },
    close: () => client.close(),
  };
}
