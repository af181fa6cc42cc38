import { z } from "zod";
import type { DevnodeState, IdentityChange } from "./devnode-state.js";
import { REQUEST_SHAPES } from "./frame-shape.js";
import { MAX_IDENTITY_UPDATES_PER_INBOX, MAX_INSTALLATIONS_PER_INBOX } from "./limits.js";
import { associations, type IdentityUpdate, identity } from "./proto-codecs.js";
import { encodeIdentityUpdatesResponse, readRawField } from "./raw-protobuf.js";
import { getIdentityUpdatesSchema, getInboxIdsSchema, inboxIdSchema } from "./request-schemas.js";
import { invalidArgument } from "./rpc-error.js";
import { defineService, type RpcContext, unary } from "./rpc-service.js";

export const IDENTITY_SERVICE = "xmtp.identity.api.v1.IdentityApi";

/** The response is already protobuf: the handler splices stored bytes in by hand. */
const preEncoded = {
  encode: (bytes: Uint8Array) => ({ finish: () => bytes }),
  decode: (bytes: Uint8Array) => bytes,
};

/** The request is kept raw: its identity update is stored byte for byte. */
const rawRequest = preEncoded;

/**
 * `xmtp.identity.api.v1.IdentityApi`: an append-only log of identity updates per inbox, and
 * the identifier -> inbox id map derived from it. Signatures are not checked here (clients
 * verify every update themselves); structure, ordering and the network's limits are.
 */
export function identityService(state: DevnodeState, context: RpcContext) {
  const publishIdentityUpdate = unary({
    shape: REQUEST_SHAPES.PublishIdentityUpdate,
    request: rawRequest,
    schema: publishRequestSchema,
    response: identity.PublishIdentityUpdateResponse,
    handle: (raw) => {
      const change = changeFromUpdate(state, raw);
      state.appendIdentityUpdate(change);
      return {};
    },
  });

  const getIdentityUpdates = unary({
    shape: REQUEST_SHAPES.GetIdentityUpdates,
    request: identity.GetIdentityUpdatesRequest,
    schema: getIdentityUpdatesSchema,
    response: preEncoded,
    handle: (request) =>
      encodeIdentityUpdatesResponse(
        request.requests.map(({ inboxId, sequenceId }) => ({
          inboxId,
          updates: state.identityUpdatesAfter(inboxId, sequenceId),
        })),
      ),
  });

  const getInboxIds = unary({
    shape: REQUEST_SHAPES.GetInboxIds,
    request: identity.GetInboxIdsRequest,
    schema: getInboxIdsSchema,
    response: identity.GetInboxIdsResponse,
    handle: (request) => ({
      responses: request.requests.map(({ identifier, identifierKind }) => ({
        identifier,
        identifierKind,
        // Unknown identifiers leave inbox_id unset: that is how clients learn "not registered".
        inboxId: state.inboxIdFor(identifier.toLowerCase()),
      })),
    }),
  });

  return defineService(
    IDENTITY_SERVICE,
    {
      unary: {
        PublishIdentityUpdate: publishIdentityUpdate,
        GetIdentityUpdates: getIdentityUpdates,
        GetInboxIds: getInboxIds,
      },
    },
    context,
  );
}

/** The raw `IdentityUpdate` inside a `PublishIdentityUpdateRequest`, decoded alongside. */
interface PublishedUpdate {
  bytes: Uint8Array;
  update: IdentityUpdate;
}

const publishRequestSchema = z.instanceof(Uint8Array).transform((request, ctx): PublishedUpdate => {
  const bytes = readRawField(request, 1);
  if (!bytes || bytes.byteLength === 0) {
    ctx.addIssue({ code: "custom", message: "identity_update is missing" });
    return z.NEVER;
  }
  try {
    return { bytes, update: associations.IdentityUpdate.decode(bytes) };
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `identity_update does not decode: ${(error as Error).message}`,
    });
    return z.NEVER;
  }
});

/** Works out what an update changes, refusing what the network refuses. */
function changeFromUpdate(state: DevnodeState, { bytes, update }: PublishedUpdate): IdentityChange {
  const inboxId = inboxIdSchema.safeParse(update.inboxId);
  if (!inboxId.success)
    throw invalidArgument(`identity update: ${inboxId.error.issues[0]?.message}`);
  if (update.actions.length === 0) throw invalidArgument("identity update has no actions");
  const existing = state.identityUpdateCount(update.inboxId);
  if (existing >= MAX_IDENTITY_UPDATES_PER_INBOX) throw invalidArgument("inbox log is full");
  if (existing === 0 && !update.actions[0]?.createInbox) {
    throw invalidArgument(
      `inbox ${update.inboxId} does not exist: its first update must create it`,
    );
  }
  const change: IdentityChange = {
    inboxId: update.inboxId,
    update: bytes,
    addedIdentifiers: [],
    removedIdentifiers: [],
    addedInstallations: [],
    revokedInstallations: [],
  };
  for (const action of update.actions) {
    if (action.createInbox)
      change.addedIdentifiers.push(action.createInbox.initialIdentifier.toLowerCase());
    const added = action.add?.newMemberIdentifier;
    if (added?.ethereumAddress) change.addedIdentifiers.push(added.ethereumAddress.toLowerCase());
    if (added?.installationPublicKey) change.addedInstallations.push(added.installationPublicKey);
    const revoked = action.revoke?.memberToRevoke;
    if (revoked?.ethereumAddress)
      change.removedIdentifiers.push(revoked.ethereumAddress.toLowerCase());
    if (revoked?.installationPublicKey)
      change.revokedInstallations.push(revoked.installationPublicKey);
  }
  assertInstallationLimit(state, change);
  return change;
}

function assertInstallationLimit(state: DevnodeState, change: IdentityChange): void {
  const newOnes = change.addedInstallations.filter(
    (key) => !state.hasInstallation(change.inboxId, key),
  );
  const after =
    state.installationCount(change.inboxId) + newOnes.length - change.revokedInstallations.length;
  if (newOnes.length > 0 && after > MAX_INSTALLATIONS_PER_INBOX) {
    throw invalidArgument(
      `inbox ${change.inboxId} already has ${MAX_INSTALLATIONS_PER_INBOX}/${MAX_INSTALLATIONS_PER_INBOX} installations: revoke one first`,
    );
  }
}
