import type { DecodedMessage } from "@xmtp/node-sdk";

const bySendTime = (a: DecodedMessage, b: DecodedMessage) =>
  a.sentAtNs < b.sentAtNs ? -1 : a.sentAtNs > b.sentAtNs ? 1 : 0;

/**
 * Messages of conversations another replica owns, kept in case it dies: per conversation, in
 * send order, until taken. `due` is told about a conversation once its lease would have
 * expired unrenewed; this replica takes them then, or at once when it wins the conversation.
 */
export class DeferredMessages {
  readonly #afterMs: number;
  readonly #due: (conversationId: string) => void;
  readonly #byConversation = new Map<
    string,
    { messages: DecodedMessage[]; timer: NodeJS.Timeout | undefined }
  >();

  /** @param due is told of a conversation `afterMs` after its first message was deferred */
  constructor(afterMs: number, due: (conversationId: string) => void) {
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
    const timer = setTimeout(() => {
      // Still deferred, until taken: a message arriving meanwhile joins them, in order.
      const deferred = this.#byConversation.get(id);
      if (deferred) deferred.timer = undefined;
      this.#due(id);
    }, this.#afterMs);
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
