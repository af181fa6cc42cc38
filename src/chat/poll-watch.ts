import type { SettledEvent } from "../runtime/runtime.js";
import { type PollButtonsState, readPollButtons } from "../skills/polls/poll-buttons-state.js";
import type { Store } from "../store/store.js";

/** The parts of a running agent a {@link PollWatch} reads. */
export interface WatchedAgent {
  store: Store;
  runtime: {
    on(event: "settled", listener: (event: SettledEvent) => void): unknown;
    off(event: "settled", listener: (event: SettledEvent) => void): unknown;
  };
}

/** A change to report: the poll behind actions `actionsId` in `conversationId` now reads `state`. */
export type PollChange = (
  conversationId: string,
  actionsId: string,
  state: PollButtonsState,
) => void;

/**
 * Follows the polls a demo has shown. XMTP cannot edit the poll message, so after the agent
 * settles anything in a conversation (a tap, `/close`), the watch re-reads the state of that
 * conversation's poll buttons from the agent's store and reports each one that changed.
 * Reads run one at a time, so changes are reported in order.
 *
 * @example
 * const watch = new PollWatch(agent, (conversationId, actionsId, state) => redraw(actionsId, state));
 * watch.track(message.conversationId, actions.id);
 */
export class PollWatch {
  readonly #agent: WatchedAgent;
  readonly #onChange: PollChange;
  /** actions id -> its conversation and the state last reported (as JSON). */
  readonly #tracked = new Map<string, { conversationId: string; last: string }>();
  #reads: Promise<void> = Promise.resolve();
  /** Messages keep arriving while a demo closes; once stopped, nothing reads the agent's store. */
  #stopped = false;
  readonly #onSettled = (event: SettledEvent) => this.refresh(event.ctx.conversation.id);

  constructor(agent: WatchedAgent, onChange: PollChange) {
    this.#agent = agent;
    this.#onChange = onChange;
    agent.runtime.on("settled", this.#onSettled);
  }

  /** Starts following the buttons `actionsId` (a no-op for buttons that are not a poll's). */
  track(conversationId: string, actionsId: string): Promise<void> {
    if (!this.#tracked.has(actionsId)) this.#tracked.set(actionsId, { conversationId, last: "" });
    return this.#enqueue(() => this.#read(actionsId));
  }

  /** The current state of the poll behind `actionsId`, if they are a poll's buttons. */
  state(actionsId: string): Promise<PollButtonsState | undefined> {
    return readPollButtons(this.#agent.store, actionsId);
  }

  /** Re-reads every followed poll of a conversation. */
  refresh(conversationId: string): Promise<void> {
    return this.#enqueue(async () => {
      for (const [actionsId, entry] of this.#tracked)
        if (entry.conversationId === conversationId) await this.#read(actionsId);
    });
  }

  /** Stops listening to the agent; waits for reads under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#agent.runtime.off("settled", this.#onSettled);
    await this.#reads;
  }

  #enqueue(read: () => Promise<void>): Promise<void> {
    if (this.#stopped) return this.#reads;
    this.#reads = this.#reads.then(read).catch((error: Error) => {
      process.emitWarning(`poll watch: could not read a poll: ${error.message}`);
    });
    return this.#reads;
  }

  async #read(actionsId: string): Promise<void> {
    const entry = this.#tracked.get(actionsId);
    if (!entry) return;
    const state = await readPollButtons(this.#agent.store, actionsId);
    if (!state) return;
    const json = JSON.stringify(state);
    if (json === entry.last) return;
    entry.last = json;
    this.#onChange(entry.conversationId, actionsId, state);
  }
}
