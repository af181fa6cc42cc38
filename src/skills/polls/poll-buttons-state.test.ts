import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../store/memory-store.js";
import { namespaced } from "../../store/store.js";
import { readPollButtons } from "./poll-buttons-state.js";
import { PollStore } from "./poll-store.js";
import { testPoll } from "./test-poll.js";

describe("readPollButtons (what demo UIs draw on a poll's buttons)", () => {
  it("reads the tally, each voter's choice and the closed state through the actions id", async () => {
    const agentStore = createMemoryStore();
    // The runtime gives the polls skill this namespace of the agent's store.
    const polls = new PollStore(namespaced(agentStore, "skill:polls:"));
    const poll = await polls.create(testPoll());
    await polls.linkButtons("sb-buttons-1", poll);
    expect(await readPollButtons(agentStore, "sb-unknown")).toBeUndefined();

    await polls.vote(poll, "alice", 0, 1);
    await polls.vote(poll, "bob", 1, 1);
    await polls.vote(poll, "carol", 0, 1);
    expect(await readPollButtons(agentStore, "sb-buttons-1", 2)).toEqual({
      number: 1,
      open: true,
      votes: [2, 1, 0],
      voters: 3,
      choices: { alice: 0, bob: 1, carol: 0 },
    });

    await polls.close(poll, 3);
    const closed = await readPollButtons(agentStore, "sb-buttons-1", 4);
    expect(closed).toMatchObject({ open: false, votes: [2, 1, 0], voters: 3 });
  });
});
