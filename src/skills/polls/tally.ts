import type { Poll } from "./poll.js";

/** One option's share of the vote. */
export interface OptionTally {
  label: string;
  votes: number;
  /** Whole percent of voters, 0 when nobody voted. */
  percent: number;
  /** Among the options with the most votes (none lead while nobody has voted). */
  leading: boolean;
}

/** A poll's counts: one entry per option, in the poll's order. */
export interface Tally {
  options: OptionTally[];
  voters: number;
}

/**
 * Counts a poll's votes. Each voter holds exactly one vote, so percentages are of voters.
 *
 * @example
 * tally(poll); // { voters: 3, options: [{ label: "pizza", votes: 2, percent: 67, leading: true }, ...] }
 */
export function tally(poll: Poll): Tally {
  const counts = poll.options.map(() => 0);
  for (const option of Object.values(poll.votes)) {
    if (option < counts.length) counts[option]! += 1;
  }
  const voters = counts.reduce((sum, count) => sum + count, 0);
  const top = Math.max(...counts);
  return {
    voters,
    options: poll.options.map((label, index) => {
      const votes = counts[index]!;
      return {
        label,
        votes,
        percent: voters === 0 ? 0 : Math.round((votes / voters) * 100),
        leading: votes > 0 && votes === top,
      };
    }),
  };
}
