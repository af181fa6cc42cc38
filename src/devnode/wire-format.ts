import Long from "long";
import type { StoredGroupMessage, StoredWelcome } from "./devnode-state.js";
import type { GroupMessage, WelcomeMessage } from "./proto-codecs.js";

/** Converts the devnode's rows into the protobuf shapes the MLS API returns. */

export const toLong = (value: number | bigint): Long => Long.fromString(value.toString(), true);

export function groupMessageToWire(message: StoredGroupMessage, withContent = true): GroupMessage {
  return {
    v1: {
      id: toLong(message.id),
      createdNs: toLong(message.createdNs),
      groupId: message.groupId,
      data: withContent ? message.data : new Uint8Array(),
      senderHmac: withContent ? message.senderHmac : new Uint8Array(),
      shouldPush: message.shouldPush,
      isCommit: message.isCommit,
    },
  };
}

export function welcomeToWire(welcome: StoredWelcome): WelcomeMessage {
  const common = {
    id: toLong(welcome.id),
    createdNs: toLong(welcome.createdNs),
    installationKey: welcome.installationKey,
    hpkePublicKey: welcome.hpkePublicKey,
    wrapperAlgorithm: welcome.wrapperAlgorithm,
  };
  if (welcome.kind === "pointer")
    return { welcomePointer: { ...common, welcomePointer: welcome.data } };
  return { v1: { ...common, data: welcome.data, welcomeMetadata: welcome.welcomeMetadata } };
}

/** The reference server sets the response cursor only when the page came back full. */
export function responsePaging(
  page: { order: "asc" | "desc"; limit: number },
  items: Array<{ id: number }>,
) {
  const full = items.length === page.limit;
  return {
    direction: page.order === "asc" ? 1 : 2,
    limit: page.limit,
    idCursor: toLong(full ? (items.at(-1)?.id ?? 0) : 0),
  };
}
