import type { Poll } from "./poll.js";

/**
 * A poll for unit tests: "Lunch?" with three options, no votes, changed by `overrides`.
 *
 * @example
 * const closed = testPoll({ closedAt: 5, votes: { bob: 0 } });
 */
export function testPoll(overrides: Partial<Poll> = {}): Poll {
  return {
    number: 1,
    conversationId: "conv-1",
    question: "Lunch?",
    options: ["pizza", "sushi", "tacos"],
    creatorInboxId: "alice",
    createdAt: 0,
    votes: {},
    ...overrides,
  };
}
