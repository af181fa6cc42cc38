import { namespaced, type Store } from "../../index.js";
import { isOpen } from "./poll.js";
import { PollStore } from "./poll-store.js";
import { tally } from "./tally.js";

/** What a poll's buttons should show: whether they still take taps, and the tally so far. */
export interface PollButtonsState {
  number: number;
  open: boolean;
  /** Votes per option, in the buttons' order (button id = option index). */
  votes: number[];
  voters: number;
  /** Each voter's inbox id to the option index they chose. */
  choices: Record<string, number>;
}

/**
 * Reads the state of the poll behind an actions message, from the agent's own store (the
 * polls skill keeps its state under the runtime's `skill:polls:` namespace). For tools that
 * run the agent in their own process, like the terminal chat and the playground: XMTP cannot
 * edit a sent message, so they draw the live tally on the buttons themselves.
 *
 * @example
 * const state = await readPollButtons(agent.store, actions.id);
 * if (state && !state.open) disableButtons();
 */
export async function readPollButtons(
  agentStore: Store,
  actionsId: string,
  now = Date.now(),
): Promise<PollButtonsState | undefined> {
  const poll = await new PollStore(namespaced(agentStore, "skill:polls:")).byButtons(actionsId);
  if (!poll) return undefined;
  const counted = tally(poll);
  return {
    number: poll.number,
    open: isOpen(poll, now),
    votes: counted.options.map((option) => option.votes),
    voters: counted.voters,
    choices: { ...poll.votes },
  };
}
