import { MalformedInputError, TlsReader } from "./tls-reader.js";

/** RFC 9420 §6: `WireFormat` values that carry group content. */
export const WireFormat = { PublicMessage: 1, PrivateMessage: 2 } as const;

/** RFC 9420 §6: `ContentType`. */
export const ContentType = { Application: 1, Proposal: 2, Commit: 3 } as const;

/** RFC 9420 §6: `SenderType` of a PublicMessage. */
const SenderType = { Member: 1, External: 2, NewMemberProposal: 3, NewMemberCommit: 4 } as const;

const MLS_VERSION_10 = 1;

/** What the devnode needs to know about a group message without decrypting it. */
export interface MlsMessageHeader {
  groupId: Uint8Array;
  epoch: bigint;
  wireFormat: number;
  contentType: number;
  isCommit: boolean;
}

/**
 * Reads the unencrypted header of an `MLSMessage` (RFC 9420 §6): version, wire format, group id,
 * epoch and content type. The server routes by group id and flags commits; it never decrypts.
 *
 * @example
 * const { groupId, isCommit } = parseMlsMessageHeader(frame.data);
 */
export function parseMlsMessageHeader(bytes: Uint8Array): MlsMessageHeader {
  const reader = new TlsReader(bytes);
  const version = reader.u16();
  if (version !== MLS_VERSION_10)
    throw new MalformedInputError(`unsupported MLS version ${version}`);
  const wireFormat = reader.u16();
  if (wireFormat !== WireFormat.PrivateMessage && wireFormat !== WireFormat.PublicMessage) {
    throw new MalformedInputError(`wire format ${wireFormat} is not a group message`);
  }
  const groupId = reader.vector();
  if (groupId.byteLength === 0) throw new MalformedInputError("empty group id");
  const epoch = reader.u64();
  if (wireFormat === WireFormat.PublicMessage) skipPublicMessageSender(reader);
  const contentType = reader.u8();
  if (contentType < ContentType.Application || contentType > ContentType.Commit) {
    throw new MalformedInputError(`unknown content type ${contentType}`);
  }
  return {
    groupId,
    epoch,
    wireFormat,
    contentType,
    isCommit: contentType === ContentType.Commit,
  };
}

/** PublicMessage puts the sender and authenticated data between the epoch and content type. */
function skipPublicMessageSender(reader: TlsReader): void {
  const senderType = reader.u8();
  if (senderType === SenderType.Member || senderType === SenderType.External) reader.u32();
  else if (
    senderType !== SenderType.NewMemberProposal &&
    senderType !== SenderType.NewMemberCommit
  ) {
    throw new MalformedInputError(`unknown sender type ${senderType}`);
  }
  reader.vector(); // authenticated_data
}

/**
 * Extracts the XMTP installation key from a TLS-serialized `KeyPackage` (RFC 9420 §10):
 * it is the leaf node's `signature_key`, the third vector after version and cipher suite.
 *
 * @example
 * const installationKey = parseKeyPackageInstallationKey(upload.keyPackageTlsSerialized);
 */
export function parseKeyPackageInstallationKey(bytes: Uint8Array): Uint8Array {
  const reader = new TlsReader(bytes);
  const version = reader.u16();
  if (version !== MLS_VERSION_10)
    throw new MalformedInputError(`unsupported MLS version ${version}`);
  reader.u16(); // cipher_suite
  reader.vector(); // init_key
  reader.vector(); // leaf_node.encryption_key
  const signatureKey = reader.vector();
  if (signatureKey.byteLength === 0) throw new MalformedInputError("empty leaf signature key");
  // The rest (credential, capabilities, extensions, signature) must at least be present.
  if (reader.remaining === 0) throw new MalformedInputError("key package ends after signature key");
  return signatureKey;
}
