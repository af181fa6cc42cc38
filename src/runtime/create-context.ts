import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { Context, type ContextInit, type RuntimeServices } from "./context.js";
import type { EventName, EventSource } from "./events.js";
import { eventNameOf } from "./message-event.js";
import type { WriteJournal } from "./write-journal.js";

/**
 * The one factory that builds a context, for every kind of event: a message (its event named
 * after its content type) or, without a message, a new conversation.
 */
export function createContext(
  services: RuntimeServices,
  event: {
    conversation: Conversation;
    message?: DecodedMessage;
    source: EventSource;
    writes?: WriteJournal;
  },
): Context<EventName> {
  const name: EventName = event.message ? eventNameOf(event.message) : "conversation";
  const init = {
    event: name,
    conversation: event.conversation,
    message: event.message,
    services,
    source: event.source,
    writes: event.writes,
  } as ContextInit<EventName>;
  return new Context(init);
}
