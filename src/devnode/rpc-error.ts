import { status } from "@grpc/grpc-js";

/**
 * An error that the devnode answers with a specific gRPC status. Anything else thrown by a
 * handler is a devnode bug and is answered with INTERNAL (and logged).
 */
export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new RpcError(status.NOT_FOUND, message);
