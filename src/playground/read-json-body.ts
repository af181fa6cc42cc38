import type { IncomingMessage } from "node:http";
import { SwitchboardError } from "../errors/switchboard-error.js";

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON request body of at most 64 KiB. Only `application/json` is accepted: a page on
 * another site can post a form to 127.0.0.1, but not JSON without a CORS preflight, which this
 * server never grants.
 *
 * @example
 * const body = requestSchemas.message.parse(await readJsonBody(request));
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers["content-type"] ?? "")) {
    throw requestError("send the body as application/json", 415);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw requestError(`the body is over ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw requestError("the body is not valid JSON", 400, error);
  }
}

function requestError(message: string, status: number, cause?: unknown) {
  return new SwitchboardError("SB_ERR_PLAYGROUND_REQUEST", message, { cause, context: { status } });
}
