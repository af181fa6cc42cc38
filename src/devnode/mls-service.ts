import { createHash } from "node:crypto";
import type { DevnodeState, StoredGroupMessage, StoredWelcome } from "./devnode-state.js";
import { REQUEST_SHAPES } from "./frame-shape.js";
import { parseKeyPackageInstallationKey, parseMlsMessageHeader } from "./mls-parse.js";
import { empty, mls, signatures } from "./proto-codecs.js";
import {
  batchPublishCommitLogSchema,
  batchQueryCommitLogSchema,
  fetchKeyPackagesSchema,
  getNewestGroupMessageSchema,
  queryGroupMessagesSchema,
  queryWelcomeMessagesSchema,
  sendGroupMessagesSchema,
  sendWelcomeMessagesSchema,
  subscribeGroupMessagesSchema,
  subscribeWelcomeMessagesSchema,
  uploadKeyPackageSchema,
} from "./request-schemas.js";
import { invalidArgument } from "./rpc-error.js";
import { defineService, type RpcContext, serverStream, unary } from "./rpc-service.js";
import { type TopicHub, topicOf } from "./topic-hub.js";
import { groupMessageToWire, responsePaging, toLong, welcomeToWire } from "./wire-format.js";

export const MLS_SERVICE = "xmtp.mls.api.v1.MlsApi";

/** Live fan-out of new group messages and welcomes to open subscriptions. */
export interface MlsHubs {
  groups: TopicHub<StoredGroupMessage>;
  welcomes: TopicHub<StoredWelcome>;
}

/**
 * `xmtp.mls.api.v1.MlsApi`: stores opaque MLS frames by topic (group id or installation key),
 * pages them back and streams new ones. It reads only the unencrypted MLS headers it needs
 * to route and flag commits.
 */
export function mlsService(state: DevnodeState, hubs: MlsHubs, context: RpcContext) {
  const sendGroupMessages = unary({
    shape: REQUEST_SHAPES.SendGroupMessages,
    request: mls.SendGroupMessagesRequest,
    schema: sendGroupMessagesSchema,
    response: empty.Empty,
    handle: (request) => {
      // Parse every frame before storing any, so a bad frame in a batch stores nothing.
      const parsed = request.messages.map(({ v1 }, index) => {
        try {
          return { v1, header: parseMlsMessageHeader(v1.data) };
        } catch (error) {
          throw invalidArgument(
            `messages.${index}: not an MLS group message: ${(error as Error).message}`,
          );
        }
      });
      for (const { v1, header } of parsed) {
        const stored = state.insertGroupMessage({
          groupId: header.groupId,
          data: v1.data,
          dataHash: createHash("sha256").update(v1.data).digest(),
          senderHmac: v1.senderHmac,
          shouldPush: v1.shouldPush,
          isCommit: header.isCommit,
        });
        if (stored) hubs.groups.publish(topicOf(stored.groupId), stored);
      }
      return {};
    },
  });

  const sendWelcomeMessages = unary({
    shape: REQUEST_SHAPES.SendWelcomeMessages,
    request: mls.SendWelcomeMessagesRequest,
    schema: sendWelcomeMessagesSchema,
    response: empty.Empty,
    handle: (request) => {
      for (const message of request.messages) {
        const stored = message.v1
          ? state.insertWelcome({ ...message.v1, kind: "v1" })
          : state.insertWelcome({
              ...message.welcomePointer!,
              kind: "pointer",
              data: message.welcomePointer!.welcomePointer,
              welcomeMetadata: new Uint8Array(),
            });
        hubs.welcomes.publish(topicOf(stored.installationKey), stored);
      }
      return {};
    },
  });

  const uploadKeyPackage = unary({
    shape: REQUEST_SHAPES.UploadKeyPackage,
    request: mls.UploadKeyPackageRequest,
    schema: uploadKeyPackageSchema,
    response: empty.Empty,
    handle: (request) => {
      const keyPackage = request.keyPackage.keyPackageTlsSerialized;
      let installationKey: Uint8Array;
      try {
        installationKey = parseKeyPackageInstallationKey(keyPackage);
      } catch (error) {
        throw invalidArgument(`key package does not parse: ${(error as Error).message}`);
      }
      state.putKeyPackage(installationKey, keyPackage);
      return {};
    },
  });

  const fetchKeyPackages = unary({
    shape: REQUEST_SHAPES.FetchKeyPackages,
    request: mls.FetchKeyPackagesRequest,
    schema: fetchKeyPackagesSchema,
    response: mls.FetchKeyPackagesResponse,
    // One entry per requested key, in order; an unknown key gets an empty entry.
    handle: (request) => ({
      keyPackages: request.installationKeys.map((key) => ({
        keyPackageTlsSerialized: state.keyPackage(key) ?? new Uint8Array(),
      })),
    }),
  });

  const queryGroupMessages = unary({
    shape: REQUEST_SHAPES.QueryGroupMessages,
    request: mls.QueryGroupMessagesRequest,
    schema: queryGroupMessagesSchema,
    response: mls.QueryGroupMessagesResponse,
    // An unknown group answers an empty page: clients sync new groups before their first message.
    handle: (request) => {
      const messages = state.groupMessages(request.groupId, request.pagingInfo);
      return {
        messages: messages.map((message) => groupMessageToWire(message)),
        pagingInfo: responsePaging(request.pagingInfo, messages),
      };
    },
  });

  const queryWelcomeMessages = unary({
    shape: REQUEST_SHAPES.QueryWelcomeMessages,
    request: mls.QueryWelcomeMessagesRequest,
    schema: queryWelcomeMessagesSchema,
    response: mls.QueryWelcomeMessagesResponse,
    handle: (request) => {
      const welcomes = state.welcomes(request.installationKey, request.pagingInfo);
      return {
        messages: welcomes.map(welcomeToWire),
        pagingInfo: responsePaging(request.pagingInfo, welcomes),
      };
    },
  });

  const getNewestGroupMessage = unary({
    shape: REQUEST_SHAPES.GetNewestGroupMessage,
    request: mls.GetNewestGroupMessageRequest,
    schema: getNewestGroupMessageSchema,
    response: mls.GetNewestGroupMessageResponse,
    handle: (request) => ({
      responses: request.groupIds.map((groupId) => {
        const newest = state.newestGroupMessage(groupId);
        return { groupMessage: newest && groupMessageToWire(newest, request.includeContent) };
      }),
    }),
  });

  const batchPublishCommitLog = unary({
    shape: REQUEST_SHAPES.BatchPublishCommitLog,
    request: mls.BatchPublishCommitLogRequest,
    schema: batchPublishCommitLogSchema,
    response: empty.Empty,
    handle: (request) => {
      for (const entry of request.requests) {
        const signature = signatures.RecoverableEd25519Signature.encode(entry.signature).finish();
        state.appendCommitLog(entry.groupId, entry.serializedCommitLogEntry, signature);
      }
      return {};
    },
  });

  const batchQueryCommitLog = unary({
    shape: REQUEST_SHAPES.BatchQueryCommitLog,
    request: mls.BatchQueryCommitLogRequest,
    schema: batchQueryCommitLogSchema,
    response: mls.BatchQueryCommitLogResponse,
    handle: (request) => ({
      responses: request.requests.map((query) => {
        const entries = state.commitLog(query.groupId, query.pagingInfo);
        return {
          groupId: query.groupId,
          commitLogEntries: entries.map((entry) => ({
            sequenceId: toLong(entry.id),
            serializedCommitLogEntry: entry.entry,
            signature: signatures.RecoverableEd25519Signature.decode(entry.signature),
          })),
          pagingInfo: responsePaging(query.pagingInfo, entries),
        };
      }),
    }),
  });

  const subscribeGroupMessages = serverStream({
    shape: REQUEST_SHAPES.SubscribeGroupMessages,
    request: mls.SubscribeGroupMessagesRequest,
    schema: subscribeGroupMessagesSchema,
    response: mls.GroupMessage,
    stream: (request, stream) => {
      const cursors = new Map<string, number>();
      for (const filter of request.filters) {
        const topic = topicOf(filter.groupId);
        const cursor = replay(
          (page) => state.groupMessages(filter.groupId, page),
          Math.max(filter.idCursor, cursors.get(topic) ?? 0),
          (message) => stream.write(groupMessageToWire(message)),
        );
        cursors.set(topic, cursor);
      }
      stream.onClose(hubs.groups.subscribe(cursors, (m) => stream.write(groupMessageToWire(m))));
    },
  });

  const subscribeWelcomeMessages = serverStream({
    shape: REQUEST_SHAPES.SubscribeWelcomeMessages,
    request: mls.SubscribeWelcomeMessagesRequest,
    schema: subscribeWelcomeMessagesSchema,
    response: mls.WelcomeMessage,
    stream: (request, stream) => {
      const cursors = new Map<string, number>();
      for (const filter of request.filters) {
        const topic = topicOf(filter.installationKey);
        const cursor = replay(
          (page) => state.welcomes(filter.installationKey, page),
          Math.max(filter.idCursor, cursors.get(topic) ?? 0),
          (welcome) => stream.write(welcomeToWire(welcome)),
        );
        cursors.set(topic, cursor);
      }
      stream.onClose(hubs.welcomes.subscribe(cursors, (w) => stream.write(welcomeToWire(w))));
    },
  });

  return defineService(
    MLS_SERVICE,
    {
      unary: {
        SendGroupMessages: sendGroupMessages,
        SendWelcomeMessages: sendWelcomeMessages,
        UploadKeyPackage: uploadKeyPackage,
        FetchKeyPackages: fetchKeyPackages,
        QueryGroupMessages: queryGroupMessages,
        QueryWelcomeMessages: queryWelcomeMessages,
        GetNewestGroupMessage: getNewestGroupMessage,
        BatchPublishCommitLog: batchPublishCommitLog,
        BatchQueryCommitLog: batchQueryCommitLog,
      },
      streams: {
        SubscribeGroupMessages: subscribeGroupMessages,
        SubscribeWelcomeMessages: subscribeWelcomeMessages,
      },
    },
    context,
  );
}

/** Sends everything above `cursor` in ascending pages; returns the highest id sent. */
function replay<T extends { id: number }>(
  page: (query: { order: "asc"; cursor: number; limit: number }) => T[],
  cursor: number,
  send: (item: T) => void,
): number {
  let last = cursor;
  for (;;) {
    const items = page({ order: "asc", cursor: last, limit: 100 });
    for (const item of items) send(item);
    if (items.length < 100) return items.at(-1)?.id ?? last;
    last = items.at(-1)!.id;
  }
}
