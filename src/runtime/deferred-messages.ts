import type { DecodedMessage } from "@xmtp/node-sdk";

const bySendTime = (a: DecodedMessage, b: DecodedMessage) =>
  a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0;

/**
 * Messages of conversations another replica owns, kept in case it dies: per conversation, in
 * send order, handed back (`due`) once its lease would have expired unrenewed, or taken at
 * once when this replica wins the conversation, so that they run before anything newer.
 */
export class DeferredMessages {
  readonly #afterMs: number;
  readonly #due: (messages: DecodedMessage[]) => void;
  readonly #byConversation = new Map<
    string,
    { messages: DecodedMessage[]; timer: NodeJS.Timeout }
  >();

  /** @param due receives a conversation's messages `afterMs` after the first was deferred */
  constructor(afterMs: number, due: (messages: DecodedMessage[]) => void) {
    this.#afterMs = afterMs;
    this.#due = due;
  }

  defer(message: DecodedMessage): void {
    const id = message.conversationId;
    const deferred = this.#byConversation.get(id);
    if (deferred) {
      if (!deferred.messages.some((held) => held.id === message.id))
        deferred.messages.push(message);
      return;
    }
    const timer = setTimeout(() => this.#due(this.take(id)), this.#afterMs);
    this.#byConversation.set(id, { messages: [message], timer });
  }

  /** The conversation's deferred messages, oldest first; they are no longer deferred. */
  take(conversationId: string): DecodedMessage[] {
    const deferred = this.#byConversation.get(conversationId);
    if (!deferred) return [];
    clearTimeout(deferred.timer);
    this.#byConversation.delete(conversationId);
    return deferred.messages.sort(bySendTime);
  }

  clear(): void {
    for (const { timer } of this.#byConversation.values()) clearTimeout(timer);
    this.#byConversation.clear();
  }
}
