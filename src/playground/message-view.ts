import type { Actions, DecodedMessage, EnrichedReply, GroupUpdated, Intent } from "@xmtp/node-sdk";
import { describeGroupUpdate } from "../chat/render-message.js";
import { ActionStyle } from "../xmtp/enums.js";
import { renderMarkdown, renderMarkdownInline } from "./markdown.js";
import type { ButtonView, MessageView } from "./playground-protocol.js";

/** What a message's view needs to know about the rest of the conversation. */
export interface ViewLookups {
  nameOf(inboxId: string): string;
  /** Names behind the short addresses the agent writes (see `withNames`). */
  withNames(text: string): string;
  /** A recorded message's sender and plain text, for quoting it in a reply. */
  quote(messageId: string): { sender: string; text: string } | undefined;
  /** The label of button `actionId` on the recorded actions message `actionsId`. */
  buttonLabel(actionsId: string, actionId: string): string | undefined;
}

/** A view plus the plain text replies quote. */
export interface ViewedMessage {
  view: MessageView;
  text: string;
}

const STYLE_NAMES = {
  [ActionStyle.Primary]: "primary",
  [ActionStyle.Secondary]: "secondary",
  [ActionStyle.Danger]: "danger",
} as const;

const EXCERPT_LENGTH = 80;

/**
 * How the page shows a message. Reactions and read receipts have no view of their own
 * (reactions decorate their target; see `MessageHistory`), so they give `undefined`.
 *
 * @example
 * const viewed = messageView(message, lookups);
 * if (viewed) send({ type: "message", data: viewed.view });
 */
export function messageView(
  message: DecodedMessage,
  lookups: ViewLookups,
): ViewedMessage | undefined {
  const typeId = message.contentType?.typeId;
  const base = {
    id: message.id,
    conversationId: message.conversationId,
    senderInboxId: message.senderInboxId,
    sender: lookups.nameOf(message.senderInboxId),
    sentAt: message.sentAt.getTime(),
    reactions: {},
  };
  const content: unknown = message.content;
  switch (typeId) {
    case "text":
    case "markdown":
      return bodyView(base, typeId, lookups.withNames(String(content)));
    case "reply":
      return replyView(base, content as EnrichedReply, lookups);
    case "actions": {
      const actions = content as Actions;
      return {
        view: {
          ...base,
          kind: "actions",
          html: renderMarkdown(lookups.withNames(actions.description)),
          actions: {
            id: actions.id,
            buttons: actions.actions.map(buttonView),
            expiresAt: nsToMs(actions.expiresAtNs),
          },
        },
        text: actions.description,
      };
    }
    case "intent": {
      const intent = content as Intent;
      const label = lookups.buttonLabel(intent.id, intent.actionId) ?? intent.actionId;
      const note = `${base.sender} tapped “${label}”`;
      return { view: { ...base, kind: "intent", note }, text: note };
    }
    case "group_updated": {
      const note = describeGroupUpdate(content as GroupUpdated, lookups.nameOf);
      return { view: { ...base, kind: "group_updated", note }, text: note };
    }
    case "reaction":
    case "readReceipt":
      return undefined;
    default: {
      const note = `${base.sender} sent a ${typeId ?? "message"} the playground does not display${message.fallback ? `: ${message.fallback}` : ""}`;
      return { view: { ...base, kind: "other", note }, text: note };
    }
  }
}

type BaseView = Pick<
  MessageView,
  "id" | "conversationId" | "senderInboxId" | "sender" | "sentAt" | "reactions"
>;

/** Text and markdown alike go through the markdown renderer, as the terminal shows them. */
function bodyView(base: BaseView, kind: "text" | "markdown", text: string): ViewedMessage {
  return { view: { ...base, kind, html: renderMarkdown(text) }, text };
}

function replyView(base: BaseView, reply: EnrichedReply, lookups: ViewLookups): ViewedMessage {
  const innerType = reply.contentType?.typeId === "markdown" ? "markdown" : "text";
  const text =
    typeof reply.content === "string" ? reply.content : "(a reply the playground does not display)";
  const quoted = lookups.quote(reply.referenceId) ?? quoteFromSdk(reply, lookups);
  const viewed = bodyView(base, innerType, lookups.withNames(text));
  if (quoted) {
    const line = excerpt(quoted.text);
    viewed.view.replyTo = {
      id: reply.referenceId,
      sender: quoted.sender,
      excerpt: line,
      html: renderMarkdownInline(line),
    };
  }
  return viewed;
}

/** A reply to a message from before the playground started: the SDK attaches the original. */
function quoteFromSdk(reply: EnrichedReply, lookups: ViewLookups) {
  const original = reply.inReplyTo;
  if (!original) return undefined;
  const text = typeof original.content === "string" ? original.content : "(message)";
  return { sender: lookups.nameOf(original.senderInboxId), text };
}

function buttonView(action: Actions["actions"][number]): ButtonView {
  return {
    id: action.id,
    label: action.label,
    style: action.style === undefined ? undefined : STYLE_NAMES[action.style],
  };
}

/** The quoted message on one line: block markers (lists, quotes, headings) dropped. */
function excerpt(text: string): string {
  const line = text
    .split("\n")
    .map((part) => part.replace(/^\s*(?:[-*+]|\d{1,9}[.)]|>|#{1,6})\s+/, "").trim())
    .filter(Boolean)
    .join(" · ");
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line;
}

function nsToMs(ns: bigint | undefined): number | undefined {
  return ns === undefined ? undefined : Number(ns / 1_000_000n);
}
