import { createHash } from "node:crypto";
import type { Client, Conversation, DeliveryStatus } from "@xmtp/node-sdk";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import type { Store } from "../store/store.js";
import type { OutboundGate, OutboundKind, OutboundOperation } from "./outbound-gate.js";

/**
 * A write as a context hands it over: `optimistic` asks a content send to only prepare the
 * message locally (node-sdk's `isOptimistic`) and return its id, so that the id is recorded
 * before the message can leave. A send that ignores the flag still works, with a crash window
 * between its publish and its record.
 */
export type JournaledSend<T> = (optimistic: boolean) => Promise<T>;

/** What the journal keeps per write: the message id of a content send, or that it was done. */
type Recorded = { id: string } | { done: true };

/** Delivery statuses as node-bindings number them (`const enum`s isolated modules cannot inline). */
const UNPUBLISHED = 0 as DeliveryStatus.Unpublished;
const PUBLISHED = 1 as DeliveryStatus.Published;
const FAILED = 2 as DeliveryStatus.Failed;

/** Bytes and bigints in a write's content, spelled out for its key. */
const jsonBytes = (_key: string, value: unknown) =>
  value instanceof Uint8Array
    ? Buffer.from(value).toString("base64")
    : typeof value === "bigint"
      ? value.toString()
      : value;

/** How long a write is remembered: a message is replayed only until it is marked handled. */
const JOURNAL_TTL_MS = 7 * 86_400_000;

/** Content sends carry a message id and can be found again on the network; the rest cannot. */
const isContentSend = (kind: OutboundKind) => kind === "message" || kind === "reaction";

/**
 * The writes of one event's handlers, made idempotent across redelivery. Each write gets a
 * deterministic key: the inbound message id (or the conversation, for a `conversation` event),
 * what the write is (its kind and content) and how many identical writes came before it in
 * the event. A content send is prepared locally first, its id
 * recorded under that key, then published; when the event is handled again (a crash, a dead
 * replica's message taken over, a retry after a timeout), the write finds its earlier message:
 * published, it is not sent again; still only a local, unpublished copy, that copy is published
 * (never counted as sent); nowhere after a sync of the conversation, it is sent anew. Other
 * writes (membership, metadata) are recorded once done and skipped on a replay.
 *
 * A replay that skips a write it knows it did (an assistant's finished tool call) does not
 * shift the keys of the writes after it; a replay whose handler now says something different
 * (a reply that reads the clock) makes a new write. Give it the event's watched store (`EventAttempt.watch`): a failed record means
 * the event must run again.
 */
export class WriteJournal {
  readonly #store: Store;
  readonly #eventKey: string;
  readonly #conversation: Conversation;
  readonly #client: Client;
  readonly #afterNs: bigint;
  readonly #replay: boolean;
  readonly #unfinished: () => void;
  /** Called once, before the event's first content send is prepared; then dropped. */
  #beforeFirstSend: (() => Promise<void>) | undefined;
  /** How many writes of each kind and content this attempt made so far. */
  readonly #occurrences = new Map<string, number>();
  /** Message ids this event's earlier writes are recorded under: never an orphan. */
  readonly #ours = new Set<string>();
  /** Write key -> message id prepared in this process, shared by the event's attempts. */
  readonly #prepared: Map<string, string>;

  /**
   * @param eventKey the inbound message id, or `conversation:<id>` for a conversation event
   * @param afterNs when the event happened: the event's own writes all come later
   * @param replay the event was begun before in this installation (its process crashed, or
   *   this is a retry): only then can an unpublished local message be its dead attempt's, and
   *   not another event's write
   * @param unfinished called when a write failed for a reason that may pass
   * @param beforeFirstSend awaited once, before the event's first content send is prepared
   *   (`MessageClaims.markBegun`)
   * @param prepared shared by the attempts of one event in this process: what an attempt
   *   prepared is found again even when the store lost its record (Redis restarted empty)
   */
  constructor(
    store: Store,
    { eventKey, afterNs, replay }: { eventKey: string; afterNs: bigint; replay: boolean },
    conversation: Conversation,
    {
      client,
      unfinished,
      prepared = new Map(),
      beforeFirstSend,
    }: {
      client: Client;
      unfinished: () => void;
      prepared?: Map<string, string>;
      beforeFirstSend?: () => Promise<void>;
    },
  ) {
    this.#beforeFirstSend = beforeFirstSend;
    this.#prepared = prepared;
    this.#unfinished = unfinished;
    this.#store = store;
    this.#afterNs = afterNs;
    this.#replay = replay;
    this.#eventKey = eventKey;
    this.#conversation = conversation;
    this.#client = client;
  }

  /**
   * Keys the write by what it is (see {@link WriteJournal}) and runs it
   * through `gate`, which may run it more than once: it sends at most once. A write the gate
   * gave up on after retries (`SB_ERR_OUTBOUND_FAILED`: the node unreachable, or libxmtp stuck
   * on "Sync failed to wait for intent") marks the event unfinished, to run again later.
   */
  async write<T>(
    gate: OutboundGate,
    operation: OutboundOperation,
    send: JournaledSend<T>,
    what: unknown,
  ): Promise<T | undefined> {
    const key = this.#keyFor(operation.kind, what);
    // Read before the gate: pacing governs the write itself, not its bookkeeping. An attempt
    // the gate repeats reads again, since the one before it may have recorded something.
    let known: Promise<Recorded | undefined> | undefined = this.#recordOf(key);
    // Awaited once the gate runs the write; until then a failure must not count as unhandled.
    known.catch(() => undefined);
    const once = () => {
      const recorded = known ?? this.#recordOf(key);
      known = undefined;
      return isContentSend(operation.kind)
        ? this.#contentSend(key, recorded, send)
        : this.#effect(key, recorded, send);
    };
    try {
      return await gate.run({ ...operation, idempotent: true }, once);
    } catch (error) {
      if (isSwitchboardError(error) && error.code === "SB_ERR_OUTBOUND_FAILED") this.#unfinished();
      throw error;
    }
  }

  /** What an earlier attempt left: prepared in this process (known even if the store lost its record), or recorded. */
  async #recordOf(key: string): Promise<Recorded | undefined> {
    const prepared = this.#prepared.get(key);
    return prepared === undefined ? this.#read(key) : { id: prepared };
  }

  /**
   * A write is known by what it is (kind and content) and how many identical writes the event
   * made before it: a replay that skips a write it already did (an assistant's finished tool
   * call) still finds each later write's own record, not the skipped one's.
   */
  #keyFor(kind: OutboundKind, what: unknown): string {
    const digest = createHash("sha256")
      .update(JSON.stringify([kind, what], jsonBytes))
      .digest("base64url")
      .slice(0, 22);
    const nth = this.#occurrences.get(digest) ?? 0;
    this.#occurrences.set(digest, nth + 1);
    return `${this.#eventKey}:${digest}:${nth}`;
  }

  async #contentSend<T>(
    key: string,
    earlier: Promise<Recorded | undefined>,
    send: JournaledSend<T>,
  ): Promise<T | undefined> {
    const recorded = await earlier;
    if (recorded && "id" in recorded && (await this.#deliver(recorded.id))) return undefined;
    const orphan = this.#replay ? await this.#orphan() : undefined;
    if (orphan !== undefined) {
      await this.#record(key, { id: orphan });
      await this.#publish(orphan);
      return undefined;
    }
    await this.#beforeFirstSend?.();
    this.#beforeFirstSend = undefined;
    const id = await send(true);
    if (typeof id === "string") {
      this.#prepared.set(key, id);
      await this.#record(key, { id });
      await this.#conversation.publishMessages();
    }
    return id;
  }

  async #effect<T>(
    key: string,
    earlier: Promise<Recorded | undefined>,
    send: JournaledSend<T>,
  ): Promise<T | undefined> {
    if (await earlier) return undefined;
    const result = await send(false);
    await this.#record(key, { done: true });
    return result;
  }

  /**
   * Makes sure the recorded message is on the network; false when it is nowhere (prepared in
   * another installation's database, or its publish failed for good) and must be sent anew.
   */
  async #deliver(id: string): Promise<boolean> {
    // A sync first: it publishes pending local intents and learns what the network holds.
    await this.#conversation.sync();
    const local = this.#client.conversations.getMessageById(id);
    if (local === undefined || local.deliveryStatus === FAILED) return false;
    if (local.deliveryStatus !== PUBLISHED) await this.#publish(id);
    return true;
  }

  /** Publishes a local copy (the same message, the same id); it counts as sent only once out. */
  async #publish(id: string): Promise<void> {
    await this.#conversation.publishMessages();
    if (this.#client.conversations.getMessageById(id)?.deliveryStatus !== PUBLISHED) {
      throw new Error(`message ${id} is still unpublished after publishing`);
    }
  }

  /**
   * A message of this event prepared but never recorded: the process died between the two.
   * Handlers write in order and one conversation's events run one at a time, so an unpublished
   * local message after the inbound one is the very write being made again: adopt it, or its
   * publication by the next sync would duplicate this one.
   */
  async #orphan(): Promise<string | undefined> {
    const unpublished = await this.#conversation.messages({
      deliveryStatus: UNPUBLISHED,
      sentAfterNs: this.#afterNs,
    });
    return unpublished.find((message) => !this.#ours.has(message.id))?.id;
  }

  async #read(key: string): Promise<Recorded | undefined> {
    const recorded = await this.#store.get<Recorded>(key);
    if (recorded && "id" in recorded) this.#ours.add(recorded.id);
    return recorded;
  }

  async #record(key: string, value: Recorded): Promise<void> {
    await this.#store.set<Recorded>(key, value, { ttlMs: JOURNAL_TTL_MS });
    if ("id" in value) this.#ours.add(value.id);
  }
}
