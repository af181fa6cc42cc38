import { isOpen, type Poll } from "./poll.js";

/**
 * What a tap did: `counted` (a first vote), `moved` (to another option), `unchanged` (the
 * same option again), or why it was refused.
 */
export type VoteOutcome = "counted" | "moved" | "unchanged" | "closed" | "unknown-option";

/**
 * The poll after `voter` picks option `option` at `now`. Pure, so it can run inside
 * `store.update`, which may retry it when another writer got in first.
 *
 * @example
 * const { poll: next, outcome } = castVote(poll, bobInboxId, 1, Date.now());
 */
export function castVote(
  poll: Poll,
  voter: string,
  option: number,
  now: number,
): { poll: Poll; outcome: VoteOutcome } {
  if (!isOpen(poll, now)) return { poll, outcome: "closed" };
  if (!Number.isInteger(option) || option < 0 || option >= poll.options.length) {
    return { poll, outcome: "unknown-option" };
  }
  const previous = poll.votes[voter];
  if (previous === option) return { poll, outcome: "unchanged" };
  return {
    poll: { ...poll, votes: { ...poll.votes, [voter]: option } },
    outcome: previous === undefined ? "counted" : "moved",
  };
}
