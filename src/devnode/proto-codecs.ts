import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { mlsApi, mlsValidationService } from "@xmtp/proto";
import type Long from "long";

// @xmtp/proto only exports ".", and its ESM build has extension-less imports; its CommonJS index
// has the MLS codecs, but not the identity ones, whose CommonJS files are loaded by path.
// test/package/private-files.test.ts fails loudly if an upgrade moves or changes them.
const require = createRequire(import.meta.url);
const CJS_ROOT = dirname(require.resolve("@xmtp/proto"));

/** What every ts-proto message codec offers; the devnode encodes and decodes through it. */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

/** ts-proto's `DeepPartial`: what `fromPartial` accepts. */
type DeepPartial<T> = T extends Uint8Array | Long | string | number | boolean | undefined
  ? T
  : T extends readonly (infer Item)[]
    ? DeepPartial<Item>[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : Partial<T>;

/** A ts-proto codec declared here (see below): encode, decode and `fromPartial`. */
interface ProtoCodec<T> extends MessageCodec<T> {
  fromPartial(object: DeepPartial<T>): T;
}

// Types the package's index reaches only through other messages: named here from those, so that
// the published declarations resolve through "@xmtp/proto" alone.
type CommitLogSignature = NonNullable<
  mlsApi.BatchPublishCommitLogRequest["requests"][number]["signature"]
>;
export type IdentityUpdate = mlsValidationService.GetAssociationStateRequest["newUpdates"][number];
type Empty = Awaited<ReturnType<mlsApi.MlsApi["SendGroupMessages"]>>;
type IdentifierKind = NonNullable<
  IdentityUpdate["actions"][number]["createInbox"]
>["initialIdentifierKind"];

/** `xmtp.identity.api.v1` messages the devnode decodes or encodes (not in the package's index). */
interface InboxIdsLookup {
  identifier: string;
  identifierKind: IdentifierKind;
}
interface IdentityApi {
  PublishIdentityUpdateRequest: ProtoCodec<{ identityUpdate: IdentityUpdate | undefined }>;
  PublishIdentityUpdateResponse: ProtoCodec<Record<string, never>>;
  GetIdentityUpdatesRequest: ProtoCodec<{ requests: { inboxId: string; sequenceId: Long }[] }>;
  GetInboxIdsRequest: ProtoCodec<{ requests: InboxIdsLookup[] }>;
  GetInboxIdsResponse: ProtoCodec<{
    responses: (InboxIdsLookup & { inboxId?: string | undefined })[];
  }>;
}

/** ts-proto codecs of `xmtp.mls.api.v1`. */
export const mls: typeof mlsApi = require("@xmtp/proto").mlsApi;
/** ts-proto codecs of `xmtp.identity.api.v1`. */
export const identity: IdentityApi = require(join(CJS_ROOT, "identity/api/v1/identity.pb.js"));
/** `xmtp.identity.associations`: the identity update a client publishes. */
export const associations: { IdentityUpdate: ProtoCodec<IdentityUpdate> } = require(
  join(CJS_ROOT, "identity/associations/association.pb.js"),
);
/** `xmtp.identity.associations` signatures: commit log entries carry one. */
export const signatures: { RecoverableEd25519Signature: ProtoCodec<CommitLogSignature> } = require(
  join(CJS_ROOT, "identity/associations/signature.pb.js"),
);
/** `google.protobuf.Empty`. */
export const empty: { Empty: ProtoCodec<Empty> } = require(
  join(CJS_ROOT, "google/protobuf/empty.pb.js"),
);

export type GroupMessage = mlsApi.GroupMessage;
export type FetchKeyPackagesRequest = mlsApi.FetchKeyPackagesRequest;
export type PagingInfo = mlsApi.PagingInfo;
export type QueryGroupMessagesRequest = mlsApi.QueryGroupMessagesRequest;
export type SendGroupMessagesRequest = mlsApi.SendGroupMessagesRequest;
export type SendWelcomeMessagesRequest = mlsApi.SendWelcomeMessagesRequest;
export type SubscribeGroupMessagesRequest = mlsApi.SubscribeGroupMessagesRequest;
export type SubscribeWelcomeMessagesRequest = mlsApi.SubscribeWelcomeMessagesRequest;
export type WelcomeMessage = mlsApi.WelcomeMessage;
