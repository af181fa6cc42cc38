import { describe, expect, it } from "vitest";
import { escapeMarkdown, renderResults } from "./render-results.js";
import { tally } from "./tally.js";

import { testPoll } from "./test-poll.js";

const poll = testPoll({ number: 3, votes: { alice: 0, bob: 0, carol: 1 } });

describe("tally", () => {
  it("counts each voter once, with percentages of voters and the leaders", () => {
    expect(tally(poll)).toEqual({
      voters: 3,
      options: [
        { label: "pizza", votes: 2, percent: 67, leading: true },
        { label: "sushi", votes: 1, percent: 33, leading: false },
        { label: "tacos", votes: 0, percent: 0, leading: false },
      ],
    });
  });

  it("has no leader and no percentages before anyone votes", () => {
    const empty = tally({ ...poll, votes: {} });
    expect(empty.voters).toBe(0);
    expect(empty.options.every((o) => o.percent === 0 && !o.leading)).toBe(true);
  });

  it("lets a tie share the lead", () => {
    const tied = tally({ ...poll, votes: { alice: 0, bob: 1 } });
    expect(tied.options.map((o) => o.leading)).toEqual([true, true, false]);
  });
});

describe("renderResults", () => {
  it("renders bars, counts, percentages and the voter count of an open poll", () => {
    expect(renderResults(poll, 1)).toBe(
      [
        "📊 **Lunch?** · poll #3 · open",
        "",
        "- `███████░░░` **pizza**: 2 votes (67%)",
        "- `███░░░░░░░` **sushi**: 1 vote (33%)",
        "- `░░░░░░░░░░` **tacos**: 0 votes (0%)",
        "",
        "3 voters",
      ].join("\n"),
    );
  });

  it("crowns the leader once closed, including by expiry", () => {
    const text = renderResults({ ...poll, closesAt: 10 }, 10);
    expect(text).toContain("poll #3 · closed");
    expect(text).toContain("**pizza** 🏆: 2 votes");
    expect(text).not.toContain("**sushi** 🏆");
  });

  it("says when nobody voted", () => {
    expect(renderResults({ ...poll, votes: {}, closedAt: 1 }, 2)).toMatch(/No votes yet\.$/);
  });

  it("escapes markdown in what members typed", () => {
    expect(escapeMarkdown("*bold* `code` [x]")).toBe("\\*bold\\* \\`code\\` \\[x\\]");
    expect(renderResults({ ...poll, question: "2*3?" }, 1)).toContain("**2\\*3?**");
  });
});
