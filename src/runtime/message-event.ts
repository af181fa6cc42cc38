import {
  type DecodedMessage,
  isActions,
  isAttachment,
  isGroupUpdated,
  isIntent,
  isMarkdown,
  isMultiRemoteAttachment,
  isReaction,
  isReadReceipt,
  isRemoteAttachment,
  isReply,
  isText,
  isTransactionReference,
  isWalletSendCalls,
} from "@xmtp/node-sdk";
import type { MessageEventName } from "./events.js";

const GUARDS: Array<[MessageEventName, (message: DecodedMessage) => boolean]> = [
  ["actions", isActions],
  ["inline-attachment", isAttachment],
  ["intent", isIntent],
  ["group_updated", isGroupUpdated],
  ["multi-attachment", isMultiRemoteAttachment],
  ["attachment", isRemoteAttachment],
  ["reaction", isReaction],
  ["read-receipt", isReadReceipt],
  ["reply", isReply],
  ["transaction-reference", isTransactionReference],
  ["wallet-send-calls", isWalletSendCalls],
  ["markdown", isMarkdown],
  ["text", isText],
];

/** The event a decoded message raises, by its content type. */
export function eventNameOf(message: DecodedMessage): MessageEventName {
  return GUARDS.find(([, guard]) => guard(message))?.[0] ?? "unknown";
}
