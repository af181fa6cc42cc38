import protobuf from "protobufjs/minimal.js";
import { MAX_BATCH_ITEMS } from "./limits.js";
import { invalidArgument, RpcError } from "./rpc-error.js";

/**
 * The protobuf wire format carries no counts: a decoder learns a list's length only by building
 * it, item by item. A 15 MB frame of two-byte list items becomes millions of objects before any
 * zod `.max()` can see the array. So, as gRPC servers bound a message before decoding it, the
 * devnode first walks the frame's tags (skipping values, allocating nothing) and refuses it when
 * a list is longer than allowed; only then does the codec decode it.
 */

/** What the scan needs to know about one field of a message. */
export interface FieldShape {
  /** A repeated field: at most this many occurrences. */
  readonly max?: number;
  /** The field is a message: scan inside each occurrence too. */
  readonly message?: FrameShape;
}

/** The fields of a message the scan looks at, by field number; others are counted and skipped. */
export type FrameShape = Readonly<Record<number, FieldShape>>;

/**
 * Fields a message may carry besides its declared lists. Singular fields appear once in any
 * real client's frame; a frame that repeats them by the million is decoded object by object.
 */
export const MAX_SCALAR_FIELDS = 64;

const LENGTH_DELIMITED = 2;

/**
 * Throws INVALID_ARGUMENT when `frame` is not well-formed protobuf or exceeds `shape`'s bounds.
 * Costs one pass over the tags, whatever the frame holds.
 */
export function assertFrameShape(frame: Uint8Array, shape: FrameShape): void {
  try {
    scan(protobuf.Reader.create(frame), frame.byteLength, shape, "");
  } catch (error) {
    if (error instanceof RpcError) throw error;
    // protobufjs throws RangeError on truncation and Error on a bad wire type.
    throw invalidArgument(`undecodable frame: ${(error as Error).message}`);
  }
}

function scan(reader: protobuf.Reader, end: number, shape: FrameShape, path: string): void {
  const counts = new Map<number, number>();
  let others = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw invalidArgument(`undecodable frame: field number 0 at ${path || "top"}`);
    const declared = shape[field];
    const count = (counts.get(field) ?? 0) + 1;
    counts.set(field, count);
    if (declared?.max !== undefined) {
      if (count > declared.max) {
        throw invalidArgument(
          `field ${path}${field} repeats more than ${declared.max} times (refused before decoding)`,
        );
      }
    } else if (++others > MAX_SCALAR_FIELDS) {
      throw invalidArgument(
        `message ${path || "<request>"} carries more than ${MAX_SCALAR_FIELDS} fields (refused before decoding)`,
      );
    }
    if (declared?.message && wireType === LENGTH_DELIMITED) {
      const length = reader.uint32();
      const nestedEnd = reader.pos + length;
      if (nestedEnd > end)
        throw invalidArgument(`undecodable frame: field ${path}${field} overruns`);
      scan(reader, nestedEnd, declared.message, `${path}${field}.`);
      reader.pos = nestedEnd;
    } else {
      reader.skipType(wireType);
    }
  }
  if (reader.pos > end) throw invalidArgument(`undecodable frame: ${path || "request"} overruns`);
}

/** A message field that holds no lists (still bounded to `MAX_SCALAR_FIELDS` fields). */
const plain = { message: {} } as const;
/** A list of up to `MAX_BATCH_ITEMS` items, each a message of `item`'s shape (or a scalar). */
const list = (item?: FrameShape): FieldShape => ({ max: MAX_BATCH_ITEMS, message: item });

const PAGING: FrameShape = { 2: plain };
const SIGNATURE: FrameShape = {
  1: plain,
  2: plain,
  3: plain,
  4: { message: { 1: plain, 2: plain } },
  5: plain,
};
const MEMBER: FrameShape = { 3: plain };
/** `xmtp.identity.associations.IdentityUpdate`. */
const IDENTITY_UPDATE: FrameShape = {
  1: list({
    1: { message: { 3: { message: SIGNATURE } } },
    2: {
      message: { 1: { message: MEMBER }, 2: { message: SIGNATURE }, 3: { message: SIGNATURE } },
    },
    3: { message: { 1: { message: MEMBER }, 2: { message: SIGNATURE } } },
    4: { message: { 2: { message: SIGNATURE } } },
  }),
};

/** The shape of every request message the devnode serves, by RPC method name. */
export const REQUEST_SHAPES = {
  SendGroupMessages: { 1: list({ 1: plain }) },
  SendWelcomeMessages: { 1: list({ 1: plain, 2: plain }) },
  UploadKeyPackage: { 1: plain },
  FetchKeyPackages: { 1: list() },
  QueryGroupMessages: PAGING,
  QueryWelcomeMessages: PAGING,
  GetNewestGroupMessage: { 1: list() },
  BatchPublishCommitLog: { 1: list({ 3: plain }) },
  BatchQueryCommitLog: { 1: list(PAGING) },
  SubscribeGroupMessages: { 1: list({}) },
  SubscribeWelcomeMessages: { 1: list({}) },
  PublishIdentityUpdate: { 1: { message: IDENTITY_UPDATE } },
  GetIdentityUpdates: { 1: list({}) },
  GetInboxIds: { 1: list({}) },
} satisfies Record<string, FrameShape>;
