import { credentials, makeGenericClientConstructor } from "@grpc/grpc-js";
import { identity } from "../devnode/proto-codecs.js";

/**
 * True when a node that speaks the XMTP identity API answers at `host:port`: an empty
 * GetInboxIds round trip. Lets tests and tools reuse a devnode that is already running.
 */
export function isDevnodeRunning(
  port: number,
  host = "127.0.0.1",
  timeoutMs = 1_000,
): Promise<boolean> {
  const Client = makeGenericClientConstructor({}, "Probe");
  const client = new Client(`${host}:${port}`, credentials.createInsecure());
  const request = Buffer.from(identity.GetInboxIdsRequest.encode({ requests: [] }).finish());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      "/xmtp.identity.api.v1.IdentityApi/GetInboxIds",
      (value: Buffer) => value,
      (value: Buffer) => value,
      request,
      { deadline: Date.now() + timeoutMs },
      (error) => {
        client.close();
        resolve(!error);
      },
    );
  });
}
