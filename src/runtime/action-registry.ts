import { randomBytes } from "node:crypto";
import type { Json, Store } from "../store/store.js";

/** What the agent remembers about an actions message it sent, to route and check taps on it. */
export type ActionRecord = {
  skill: string;
  /** The skill's own name for this kind of button set, e.g. "vote". */
  handler: string;
  conversationId: string;
  actionIds: string[];
  /** Epoch milliseconds; absent = never expires. */
  expiresAt?: number;
  /** Whatever the skill attached (a poll id...). */
  data?: Json;
};

/** Why an intent was not routed. */
export type IntentRejection = "unknown" | "expired" | "wrong-conversation" | "unknown-action";

/**
 * Routes taps on action buttons back to the skill that sent them. Ids are random (unguessable,
 * so an intent naming an id this agent never sent is "unknown"), records live in the store
 * so buttons keep working across restarts and, with Redis, across replicas.
 */
export class ActionRegistry {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Records a button set and returns the id to send it under. */
  async register(record: ActionRecord): Promise<string> {
    const id = `sb-${randomBytes(12).toString("base64url")}`;
    // Keep records a day past expiry so a late tap is told "expired" rather than "unknown".
    const ttlMs = record.expiresAt
      ? Math.max(record.expiresAt - Date.now(), 0) + 86_400_000
      : undefined;
    await this.#store.set(id, record, { ttlMs });
    return id;
  }

  /** Looks up the record for an intent and checks it is still answerable here. */
  async resolve(
    intent: { id: string; actionId: string },
    conversationId: string,
    now = Date.now(),
  ): Promise<{ ok: true; record: ActionRecord } | { ok: false; reason: IntentRejection }> {
    const record = await this.#store.get<ActionRecord>(intent.id);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.conversationId !== conversationId)
      return { ok: false, reason: "wrong-conversation" };
    if (!record.actionIds.includes(intent.actionId)) return { ok: false, reason: "unknown-action" };
    if (record.expiresAt !== undefined && now > record.expiresAt)
      return { ok: false, reason: "expired" };
    return { ok: true, record };
  }

  /** Ends a button set early (a poll closed): later taps are "expired". */
  async expire(id: string): Promise<void> {
    await this.#store.update<ActionRecord>(id, (record) => record && { ...record, expiresAt: 0 });
  }
}
