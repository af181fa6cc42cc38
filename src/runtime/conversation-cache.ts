import type { Client, Conversation } from "@xmtp/node-sdk";

/** Conversations kept at most; the least recently used go first. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The agent's conversations by id, each looked up in libxmtp once. node-sdk's
 * `getConversationById` reads the group's metadata on libxmtp's worker threads only to tell a
 * DM from a group, which never changes: in the latency benchmark that took 1.1 ms at the
 * median and 3.1 ms at p90 of every message's handling. node-sdk's `Group` and `Dm` are thin
 * handles whose every read goes to libxmtp, so a kept one is never stale.
 *
 * @example
 * const conversations = new ConversationCache(agent.client);
 * const conversation = await conversations.get(ctx.conversation.id);
 */
export class ConversationCache {
  readonly #client: Client;
  readonly #capacity: number;
  /** In order of last use: a Map iterates in insertion order, and a hit is inserted again. */
  readonly #byId = new Map<string, Conversation>();

  constructor(client: Client, { capacity = DEFAULT_CAPACITY }: { capacity?: number } = {}) {
    this.#client = client;
    this.#capacity = capacity;
  }

  /** The conversation, from libxmtp's database; after a sync if it is not there yet. */
  async get(id: string): Promise<Conversation | undefined> {
    const kept = this.#byId.get(id);
    if (kept) {
      this.#keep(kept);
      return kept;
    }
    const found =
      (await this.#client.conversations.getConversationById(id)) ?? (await this.#afterSync(id));
    if (found) this.#keep(found);
    return found;
  }

  /** Keeps a conversation the client handed over already (the conversation stream's). */
  remember(conversation: Conversation): void {
    this.#keep(conversation);
  }

  async #afterSync(id: string): Promise<Conversation | undefined> {
    await this.#client.conversations.sync();
    return this.#client.conversations.getConversationById(id);
  }

  #keep(conversation: Conversation): void {
    this.#byId.delete(conversation.id);
    this.#byId.set(conversation.id, conversation);
    if (this.#byId.size > this.#capacity) {
      this.#byId.delete(this.#byId.keys().next().value!);
    }
  }
}
