import { z } from "zod";
import { MAX_BATCH_ITEMS, MAX_PAGE_SIZE, MAX_PAYLOAD_BYTES } from "./limits.js";

/**
 * Zod schemas for what clients send, applied after protobuf decoding: protobuf accepts any
 * shape of bytes, these enforce the sizes and presence the devnode relies on.
 */

const bytes = (what: string, max = MAX_PAYLOAD_BYTES) =>
  z
    .instanceof(Uint8Array, { message: `${what} must be bytes` })
    .refine((value) => value.byteLength > 0, `${what} is empty`)
    .refine((value) => value.byteLength <= max, `${what} is larger than ${max} bytes`);

const optionalBytes = (what: string) =>
  z
    .instanceof(Uint8Array, { message: `${what} must be bytes` })
    .refine((value) => value.byteLength <= MAX_PAYLOAD_BYTES, `${what} is too large`);

/** Topic keys (group ids, installation keys) are short; a megabyte-long one is a bad frame. */
const topicKey = (what: string) => bytes(what, 1024);

/** A protobuf uint64 decoded as Long: ids and cursors fit a JS number on any real node. */
const cursor = z
  .custom<{ toString(): string }>((value) => value !== null && typeof value === "object")
  .transform((value, ctx) => {
    const asNumber = Number(value.toString());
    if (!Number.isSafeInteger(asNumber) || asNumber < 0) {
      ctx.addIssue({ code: "custom", message: "cursor is not a non-negative safe integer" });
      return z.NEVER;
    }
    return asNumber;
  });

const batch = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).max(MAX_BATCH_ITEMS, `too many ${what} in one request (max ${MAX_BATCH_ITEMS})`);

export const pagingSchema = z
  .object({ direction: z.number().int(), limit: z.number().int().min(0), idCursor: cursor })
  .optional()
  .transform((paging) => ({
    order: paging?.direction === 2 ? ("desc" as const) : ("asc" as const),
    cursor: paging?.idCursor ?? 0,
    limit: Math.min(paging?.limit || MAX_PAGE_SIZE, MAX_PAGE_SIZE),
  }));

export const sendGroupMessagesSchema = z.object({
  messages: batch(
    z.object({
      v1: z.object({
        data: bytes("message data"),
        senderHmac: optionalBytes("sender hmac"),
        shouldPush: z.boolean(),
      }),
    }),
    "messages",
  ).min(1, "no messages"),
});

const welcomeV1 = z.object({
  installationKey: topicKey("installation key"),
  data: bytes("welcome data"),
  hpkePublicKey: optionalBytes("hpke public key"),
  wrapperAlgorithm: z.number().int(),
  welcomeMetadata: optionalBytes("welcome metadata"),
});

const welcomePointer = z.object({
  installationKey: topicKey("installation key"),
  welcomePointer: bytes("welcome pointer"),
  hpkePublicKey: optionalBytes("hpke public key"),
  wrapperAlgorithm: z.number().int(),
});

export const sendWelcomeMessagesSchema = z.object({
  messages: batch(
    z
      .object({ v1: welcomeV1.optional(), welcomePointer: welcomePointer.optional() })
      .refine((welcome) => welcome.v1 || welcome.welcomePointer, "welcome has no content"),
    "welcomes",
  ).min(1, "no welcomes"),
});

export const uploadKeyPackageSchema = z.object({
  keyPackage: z.object({ keyPackageTlsSerialized: bytes("key package") }, "key package missing"),
});

export const fetchKeyPackagesSchema = z.object({
  installationKeys: batch(topicKey("installation key"), "installation keys"),
});

export const queryGroupMessagesSchema = z.object({
  groupId: topicKey("group id"),
  pagingInfo: pagingSchema,
});

export const queryWelcomeMessagesSchema = z.object({
  installationKey: topicKey("installation key"),
  pagingInfo: pagingSchema,
});

export const subscribeGroupMessagesSchema = z.object({
  filters: batch(z.object({ groupId: topicKey("group id"), idCursor: cursor }), "filters"),
});

export const subscribeWelcomeMessagesSchema = z.object({
  filters: batch(
    z.object({ installationKey: topicKey("installation key"), idCursor: cursor }),
    "filters",
  ),
});

export const getNewestGroupMessageSchema = z.object({
  groupIds: batch(topicKey("group id"), "group ids"),
  includeContent: z.boolean(),
});

export const batchPublishCommitLogSchema = z.object({
  requests: batch(
    z.object({
      groupId: topicKey("group id"),
      serializedCommitLogEntry: bytes("commit log entry"),
      signature: z.object({ bytes: z.instanceof(Uint8Array), publicKey: z.instanceof(Uint8Array) }),
    }),
    "commit log entries",
  ),
});

export const batchQueryCommitLogSchema = z.object({
  requests: batch(
    z.object({ groupId: topicKey("group id"), pagingInfo: pagingSchema }),
    "commit log queries",
  ),
});

export const getInboxIdsSchema = z.object({
  requests: batch(
    z.object({
      identifier: z.string().min(1, "identifier is empty").max(1024),
      identifierKind: z.number().int(),
    }),
    "identifiers",
  ),
});

/** Inbox ids are the hex of a SHA-256 digest. */
export const inboxIdSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "inbox id must be 64 hex characters");

export const getIdentityUpdatesSchema = z.object({
  requests: batch(z.object({ inboxId: inboxIdSchema, sequenceId: cursor }), "inbox ids"),
});

/** The first zod issue as one sentence, for a gRPC status message. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue.message}`;
}
