import { type Store, SwitchboardError } from "../../index.js";
import { castVote, type VoteOutcome } from "./cast-vote.js";
import { type Poll, type PollRef, pollSchema } from "./poll.js";

/** What {@link PollStore.create} needs; the store numbers the poll. */
export type PollDraft = Omit<Poll, "number" | "votes" | "closedAt">;

/** The result of {@link PollStore.close}: the final poll, and whether this call closed it. */
export interface CloseResult {
  poll: Poll;
  closedNow: boolean;
}

/**
 * The polls skill's state over its namespaced store. Polls live under
 * `poll:<conversation>:<number>`, the last number handed out under `last:<conversation>`.
 * Every change is a `store.update`, so concurrent taps (and a timer closing the poll) never
 * lose a vote, in one process or across replicas sharing Redis.
 *
 * @example
 * const polls = new PollStore(ctx.store);
 * const poll = await polls.create({ conversationId, question: "Lunch?", options, creatorInboxId, createdAt: Date.now() });
 * await polls.vote(poll, voterInboxId, 0);
 */
export class PollStore {
  readonly #store: Store;
  /** Closed polls are dropped after this long; `undefined` keeps them. */
  readonly #keepClosedMs: number | undefined;

  constructor(store: Store, options: { keepClosedMs?: number } = {}) {
    this.#store = store;
    this.#keepClosedMs = options.keepClosedMs;
  }

  /** Stores a new poll under the conversation's next number. */
  async create(draft: PollDraft): Promise<Poll> {
    const number = await this.#store.update<number>(
      `last:${draft.conversationId}`,
      (last) => (last ?? 0) + 1,
    );
    const poll: Poll = { ...draft, number: number!, votes: {} };
    await this.#store.set(keyOf(poll), poll);
    return poll;
  }

  async get(ref: PollRef): Promise<Poll | undefined> {
    const value = await this.#store.get(keyOf(ref));
    return value === undefined ? undefined : readPoll(value);
  }

  /** The conversation's most recent poll, if it is still kept. */
  async latest(conversationId: string): Promise<Poll | undefined> {
    const number = await this.#store.get<number>(`last:${conversationId}`);
    return number === undefined ? undefined : this.get({ conversationId, number });
  }

  /** Remembers which poll an actions message's buttons vote in, for {@link byButtons}. */
  async linkButtons(actionsId: string, ref: PollRef): Promise<void> {
    await this.#store.set(`buttons:${actionsId}`, {
      conversationId: ref.conversationId,
      number: ref.number,
    });
  }

  /** The poll whose buttons went out as actions `actionsId`, while it is kept. */
  async byButtons(actionsId: string): Promise<Poll | undefined> {
    const ref = await this.#store.get<PollRef>(`buttons:${actionsId}`);
    return ref === undefined ? undefined : this.get(ref);
  }

  /** Undoes {@link create} when the poll could not be sent. */
  async remove(ref: PollRef): Promise<void> {
    await this.#store.delete(keyOf(ref));
  }

  /** Records `voter`'s choice atomically; `missing` when the poll is gone. */
  async vote(
    ref: PollRef,
    voter: string,
    option: number,
    now = Date.now(),
  ): Promise<VoteOutcome | "missing"> {
    let outcome: VoteOutcome | "missing" = "missing";
    await this.#store.update(keyOf(ref), (current) => {
      if (current === undefined) {
        outcome = "missing";
        return undefined;
      }
      const result = castVote(readPoll(current), voter, option, now);
      outcome = result.outcome;
      return result.poll;
    });
    return outcome;
  }

  /**
   * Closes the poll, once: of concurrent closers (`/close` and the expiry timer, or two
   * replicas) exactly one sees `closedNow`, and only it should announce the results.
   */
  async close(ref: PollRef, now = Date.now()): Promise<CloseResult | undefined> {
    let closedNow = false;
    const poll = await this.#store.update(
      keyOf(ref),
      (current) => {
        if (current === undefined) return undefined;
        const poll = readPoll(current);
        closedNow = poll.closedAt === undefined;
        return closedNow ? { ...poll, closedAt: now } : poll;
      },
      { ttlMs: this.#keepClosedMs },
    );
    return poll === undefined ? undefined : { poll: readPoll(poll), closedNow };
  }

  /** Open polls that close by themselves, across conversations: what timers must watch. */
  async timed(): Promise<Poll[]> {
    const entries = await this.#store.list("poll:");
    return entries
      .map((entry) => readPoll(entry.value))
      .filter((poll) => poll.closedAt === undefined && poll.closesAt !== undefined);
  }
}

function keyOf(ref: PollRef): string {
  return `poll:${ref.conversationId}:${ref.number}`;
}

/** Stored polls are re-validated: a record written by another version must not crash a tally. */
function readPoll(value: unknown): Poll {
  const parsed = pollSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new SwitchboardError("SB_ERR_STORE", "a stored poll does not match the poll schema", {
    context: { issue: parsed.error.issues[0]?.message, path: parsed.error.issues[0]?.path },
  });
}
