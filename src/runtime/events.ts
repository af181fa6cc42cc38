import type {
  Actions,
  Attachment,
  EnrichedReply,
  GroupUpdated,
  Intent,
  MultiRemoteAttachment,
  Reaction,
  ReadReceipt,
  RemoteAttachment,
  TransactionReference,
  WalletSendCalls,
} from "@xmtp/node-sdk";

/**
 * The content each message event carries. The event name is the XMTP content type, except
 * that `group_updated` is what agent-sdk calls `group-update`.
 */
export interface MessageContentByEvent {
  text: string;
  markdown: string;
  reply: EnrichedReply;
  reaction: Reaction;
  attachment: RemoteAttachment;
  "inline-attachment": Attachment;
  "multi-attachment": MultiRemoteAttachment;
  "transaction-reference": TransactionReference;
  "wallet-send-calls": WalletSendCalls;
  "read-receipt": ReadReceipt;
  actions: Actions;
  intent: Intent;
  group_updated: GroupUpdated;
  unknown: unknown;
}

export type MessageEventName = keyof MessageContentByEvent;

/** Every event that runs through the middleware chain: a message of some kind, or a new conversation. */
export type EventName = MessageEventName | "conversation";

/**
 * Where an event came from: the live stream, the catch-up after downtime, or a takeover of a
 * message another replica claimed and never finished. Only `stream` events are sure to be new.
 */
export type EventSource = "stream" | "catch-up" | "takeover";

/** One skill's run on one event, as telemetry sees it (the runtime's `skill-settled` event). */
export interface SkillSettled {
  skill: string;
  /** What ran: `on("text")`, `/poll`, `action("vote")`... */
  handler: string;
  ok: boolean;
  durationMs: number;
}
