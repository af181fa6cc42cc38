import { describe, expect, it } from "vitest";
import { castVote } from "./cast-vote.js";
import { testPoll } from "./test-poll.js";

const poll = testPoll();

describe("castVote", () => {
  it("counts a first vote, moves a changed one and ignores a repeat", () => {
    const first = castVote(poll, "bob", 0, 1);
    expect(first.outcome).toBe("counted");
    expect(first.poll.votes).toEqual({ bob: 0 });
    const moved = castVote(first.poll, "bob", 2, 2);
    expect(moved.outcome).toBe("moved");
    expect(moved.poll.votes).toEqual({ bob: 2 });
    const again = castVote(moved.poll, "bob", 2, 3);
    expect(again.outcome).toBe("unchanged");
    expect(again.poll).toBe(moved.poll);
  });

  it("leaves the input untouched", () => {
    castVote(poll, "bob", 1, 1);
    expect(poll.votes).toEqual({});
  });

  it("refuses votes once closed or past the expiry", () => {
    expect(castVote({ ...poll, closedAt: 5 }, "bob", 0, 6).outcome).toBe("closed");
    const timed = { ...poll, closesAt: 100 };
    expect(castVote(timed, "bob", 0, 99).outcome).toBe("counted");
    expect(castVote(timed, "bob", 0, 100).outcome).toBe("closed");
  });

  it("refuses an option the poll does not have", () => {
    for (const option of [-1, 3, 1.5, Number.NaN]) {
      expect(castVote(poll, "bob", option, 1).outcome).toBe("unknown-option");
    }
  });
});
