import { createRequire } from "node:module";
import { dirname, join } from "node:path";
// Type-only imports (erased at run time) resolved through tsconfig "paths".
import type * as Empty from "#proto-types/google/protobuf/empty.pb.js";
import type * as Identity from "#proto-types/identity/api/v1/identity.pb.js";
import type * as Associations from "#proto-types/identity/associations/association.pb.js";
import type * as Signatures from "#proto-types/identity/associations/signature.pb.js";
import type * as Mls from "#proto-types/mls/api/v1/mls.pb.js";

// @xmtp/proto only exports ".", its ESM build has extension-less imports, and the identity
// codecs are not in its index; its CommonJS files load fine by path.
const require = createRequire(import.meta.url);
const CJS_ROOT = dirname(require.resolve("@xmtp/proto"));

/** ts-proto codecs of `xmtp.mls.api.v1`. */
export const mls: typeof Mls = require(join(CJS_ROOT, "mls/api/v1/mls.pb.js"));
/** ts-proto codecs of `xmtp.identity.api.v1`. */
export const identity: typeof Identity = require(join(CJS_ROOT, "identity/api/v1/identity.pb.js"));
/** `xmtp.identity.associations`: the identity update a client publishes. */
export const associations: typeof Associations = require(
  join(CJS_ROOT, "identity/associations/association.pb.js"),
);
/** `xmtp.identity.associations` signatures: commit log entries carry one. */
export const signatures: typeof Signatures = require(
  join(CJS_ROOT, "identity/associations/signature.pb.js"),
);
/** `google.protobuf.Empty`. */
export const empty: typeof Empty = require(join(CJS_ROOT, "google/protobuf/empty.pb.js"));

/** What every ts-proto message codec offers; the devnode encodes and decodes through it. */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

export type { IdentityUpdate } from "#proto-types/identity/associations/association.pb.js";
export type {
  FetchKeyPackagesRequest,
  GroupMessage,
  PagingInfo,
  QueryGroupMessagesRequest,
  SendGroupMessagesRequest,
  SendWelcomeMessagesRequest,
  SubscribeGroupMessagesRequest,
  SubscribeWelcomeMessagesRequest,
  WelcomeMessage,
} from "#proto-types/mls/api/v1/mls.pb.js";
