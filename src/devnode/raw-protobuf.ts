import protobuf from "protobufjs/minimal.js";

/**
 * Protobuf by hand, for the one place the devnode must not round-trip through a codec:
 * identity updates are signed by the client, and decode/re-encode would drop any field the
 * codec does not know. So the devnode keeps the client's bytes and splices them back verbatim.
 */

const LENGTH_DELIMITED = 2;

/** Returns the raw bytes of length-delimited field `fieldNumber` of a message, if present. */
export function readRawField(message: Uint8Array, fieldNumber: number): Uint8Array | undefined {
  const reader = protobuf.Reader.create(message);
  let found: Uint8Array | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === fieldNumber && (tag & 7) === LENGTH_DELIMITED) found = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return found;
}

/** One `IdentityUpdateLog` of a `GetIdentityUpdatesResponse`, with the update as stored. */
export interface RawIdentityUpdateLog {
  sequenceId: number;
  serverTimestampNs: bigint;
  update: Uint8Array;
}

/**
 * Encodes `xmtp.identity.api.v1.GetIdentityUpdatesResponse`:
 * `responses = 1 { inbox_id = 1; updates = 2 { sequence_id = 1; server_timestamp_ns = 2; update = 3 } }`.
 */
export function encodeIdentityUpdatesResponse(
  responses: Array<{ inboxId: string; updates: RawIdentityUpdateLog[] }>,
): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const response of responses) {
    writer.uint32((1 << 3) | LENGTH_DELIMITED).fork();
    writer.uint32((1 << 3) | LENGTH_DELIMITED).string(response.inboxId);
    for (const log of response.updates) {
      writer.uint32((2 << 3) | LENGTH_DELIMITED).fork();
      writer.uint32(1 << 3).uint64(log.sequenceId);
      writer.uint32(2 << 3).uint64(log.serverTimestampNs.toString());
      writer.uint32((3 << 3) | LENGTH_DELIMITED).bytes(log.update);
      writer.ldelim();
    }
    writer.ldelim();
  }
  return writer.finish();
}
