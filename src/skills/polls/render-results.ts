import { isOpen, type Poll } from "./poll.js";
import { tally } from "./tally.js";

const BAR_CELLS = 10;

/**
 * A poll's tally as markdown: the question, then per option its votes, percentage and a bar,
 * then the number of voters. Closed polls crown their leaders.
 *
 * @example
 * renderResults(poll, Date.now());
 * // 📊 **Lunch?** · poll #1 · open
 * //
 * // - `███████░░░` **pizza**: 2 votes (67%)
 * // - `███░░░░░░░` **sushi**: 1 vote (33%)
 * //
 * // 3 voters
 */
export function renderResults(poll: Poll, now = Date.now()): string {
  const { options, voters } = tally(poll);
  const open = isOpen(poll, now);
  const lines = options.map((option) => {
    const crown = !open && option.leading ? " 🏆" : "";
    return `- \`${bar(option.votes, voters)}\` **${escapeMarkdown(option.label)}**${crown}: ${plural(option.votes, "vote")} (${option.percent}%)`;
  });
  return [
    `📊 **${escapeMarkdown(poll.question)}** · poll #${poll.number} · ${open ? "open" : "closed"}`,
    "",
    ...lines,
    "",
    voters === 0 ? "No votes yet." : plural(voters, "voter"),
  ].join("\n");
}

function bar(votes: number, voters: number): string {
  const filled = voters === 0 ? 0 : Math.round((votes / voters) * BAR_CELLS);
  return "█".repeat(filled) + "░".repeat(BAR_CELLS - filled);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Questions and options are typed by members: keep their `*` or backticks from restyling the tally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]#<>|~]/g, "\\$&");
}
