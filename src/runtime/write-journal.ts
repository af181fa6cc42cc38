import { createHash } from "node:crypto";
import type { Client, Conversation, DeliveryStatus, SortDirection } from "@xmtp/node-sdk";
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

/**
 * What the journal keeps per write: the message id of a content send (before it, since when it
 * is being prepared, in ns), or that a write was done.
 */
type Recorded = { id: string } | { preparingSinceNs: string } | { done: true };

/** Delivery statuses as node-bindings number them (`const enum`s isolated modules cannot inline). */
const UNPUBLISHED = 0 as DeliveryStatus.Unpublished;
const PUBLISHED = 1 as DeliveryStatus.Published;
const FAILED = 2 as DeliveryStatus.Failed;
const ASCENDING = 0 as SortDirection.Ascending;

/** libxmtp's error when the intent a publish waits on is still unresolved after its syncs. */
const INTENT_UNRESOLVED = /sync failed to wait for intent/i;

/** Syncs after a failed publish that must still find a copy unpublished before it counts as stranded. */
const STRANDED_AFTER_SYNCS = 2;

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
 * the event. A content send records under that key since when it is being prepared, is
 * prepared locally, its id recorded, then published; when the event is handled again (a crash,
 * a dead replica's message taken over, a retry after a timeout), the write finds its earlier
 * message, by id or, prepared but unrecorded, by time (see `#orphan`): published, it is not
 * sent again; still only a local, unpublished copy, that copy is published (never counted as
 * sent); nowhere after a sync of the conversation, or stranded (a copy that can never leave,
 * see `#publish`), it is sent anew. Other writes (membership, metadata) are recorded once done
 * and skipped on a replay.
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
    }: {
      client: Client;
      unfinished: () => void;
      prepared?: Map<string, string>;
    },
  ) {
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
    if (prepared === undefined) return this.#read(key);
    this.#ours.add(prepared);
    return { id: prepared };
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
    const orphan = await this.#orphan(recorded);
    if (orphan !== undefined) {
      await this.#record(key, { id: orphan });
      if (await this.#publish(orphan)) return undefined;
    }
    // Milliseconds floored: the copy prepared next is never older than this.
    await this.#record(key, { preparingSinceNs: String(BigInt(Date.now()) * 1_000_000n) });
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
   * Makes sure the recorded message is on the network; false when it is nowhere and never will
   * be (prepared in another installation's database, its publish failed for good, or it is
   * stranded: see `#publish`) and must be sent anew.
   */
  async #deliver(id: string): Promise<boolean> {
    // A sync first: it publishes pending local intents and learns what the network holds.
    await this.#conversation.sync();
    return this.#publish(id);
  }

  /**
   * Publishes a local copy (the same message, the same id) unless it is out already: true
   * once it is out, false when it never can be. libxmtp 1.9 marks a message's intent published
   * before it hands the envelope to the node, and never sends a published intent again: a
   * process killed between the two (or a send that failed) strands the copy, and every
   * `publishMessages` waiting on its intent fails with "Sync failed to wait for intent", however
   * often it is retried. A copy still unpublished after a publish and {@link STRANDED_AFTER_SYNCS}
   * more syncs (each publishes whatever is still to publish and reads what the node holds) is
   * such a copy: the node does not have it and no sync will send it, so sending the write anew
   * cannot duplicate it. Any other failure of a publish or sync is thrown, to be retried.
   */
  async #publish(id: string): Promise<boolean> {
    const status = () => this.#client.conversations.getMessageById(id)?.deliveryStatus;
    if (status() === PUBLISHED) return true;
    if (status() !== UNPUBLISHED) return false;
    try {
      await this.#conversation.publishMessages();
    } catch (error) {
      if (!INTENT_UNRESOLVED.test(String(error))) throw error;
    }
    for (let syncs = 0; status() === UNPUBLISHED; syncs++) {
      if (syncs === STRANDED_AFTER_SYNCS) return false;
      await this.#conversation.sync();
    }
    return status() === PUBLISHED;
  }

  /**
   * A message of this write prepared but never recorded: the process died between the two.
   * Its key says since when it was being prepared: the oldest message of ours from then on
   * that no earlier write of the event recorded is that copy (handlers write in order, and
   * one conversation's events run one at a time). Published or not: the first sync after a
   * restart (the catch-up's) publishes whatever a dead process left prepared, before its event
   * is replayed. Adopt it, or it goes out (or went out already) beside the new one. A replay
   * that finds no record at all (the store lost it) can tell only a copy still unpublished
   * after the inbound message from other writes.
   */
  async #orphan(recorded: Recorded | undefined): Promise<string | undefined> {
    if (recorded && "preparingSinceNs" in recorded) {
      const since = await this.#conversation.messages({
        sentAfterNs: BigInt(recorded.preparingSinceNs) - 1n,
        direction: ASCENDING,
      });
      return since.find(
        (message) =>
          message.senderInboxId === this.#client.inboxId &&
          message.deliveryStatus !== FAILED &&
          !this.#ours.has(message.id),
      )?.id;
    }
    if (!this.#replay) return undefined;
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
