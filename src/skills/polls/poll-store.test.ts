import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRedisStore, type Store } from "../../index.js";
import { type PollDraft, PollStore } from "./poll-store.js";
import { testPoll } from "./test-poll.js";

/** A poll as /poll drafts it; the store numbers it and starts its votes. */
const draft: PollDraft = testPoll();

describe("PollStore", () => {
  it("numbers polls per conversation and finds the latest", async () => {
    const polls = new PollStore(createMemoryStore());
    const first = await polls.create(draft);
    const second = await polls.create({ ...draft, question: "Dinner?" });
    const elsewhere = await polls.create({ ...draft, conversationId: "conv-2" });
    expect([first.number, second.number, elsewhere.number]).toEqual([1, 2, 1]);
    expect((await polls.latest("conv-1"))?.question).toBe("Dinner?");
    expect(await polls.latest("conv-3")).toBeUndefined();
    expect((await polls.get({ conversationId: "conv-1", number: 1 }))?.question).toBe("Lunch?");
  });

  it("keeps every vote of many concurrent voters, one vote each", async () => {
    const polls = new PollStore(createMemoryStore());
    const poll = await polls.create(draft);
    const voters = Array.from({ length: 40 }, (_, i) => `voter-${i}`);
    const outcomes = await Promise.all(voters.map((voter, i) => polls.vote(poll, voter, i % 3, 1)));
    expect(outcomes.every((outcome) => outcome === "counted")).toBe(true);
    const stored = await polls.get(poll);
    expect(Object.keys(stored!.votes)).toHaveLength(40);
    expect(await polls.vote(poll, "voter-0", 2, 2)).toBe("moved");
    expect(await polls.vote(poll, "voter-0", 2, 3)).toBe("unchanged");
    expect(await polls.vote({ ...poll, number: 9 }, "voter-0", 2, 3)).toBe("missing");
  });

  it("closes once: a second close reports it was already closed, and votes are refused", async () => {
    const polls = new PollStore(createMemoryStore(), { keepClosedMs: 60_000 });
    const poll = await polls.create(draft);
    await polls.vote(poll, "bob", 1, 1);
    const [a, b] = await Promise.all([polls.close(poll, 5), polls.close(poll, 6)]);
    expect([a?.closedNow, b?.closedNow].sort()).toEqual([false, true]);
    expect(a?.poll.votes).toEqual({ bob: 1 });
    expect(await polls.vote(poll, "carol", 0, 7)).toBe("closed");
    expect(await polls.close({ ...poll, number: 9 })).toBeUndefined();
  });

  it("lists only open timed polls for the expiry timers", async () => {
    const polls = new PollStore(createMemoryStore());
    await polls.create(draft);
    const timed = await polls.create({ ...draft, closesAt: 1_000 });
    const closed = await polls.create({ ...draft, closesAt: 2_000 });
    await polls.close(closed);
    expect((await polls.timed()).map((poll) => poll.number)).toEqual([timed.number]);
  });

  it("refuses a stored poll that does not match the schema", async () => {
    const store = createMemoryStore();
    await store.set("poll:conv-1:1", { question: 42 });
    await expect(
      new PollStore(store).get({ conversationId: "conv-1", number: 1 }),
    ).rejects.toMatchObject({ code: "SB_ERR_STORE" });
  });
});

const url = process.env.REDIS_URL;

describe.skipIf(!url)(
  url
    ? "PollStore on Redis"
    : "PollStore on Redis (skipped: set REDIS_URL, e.g. redis://127.0.0.1:6379)",
  () => {
    it("loses no vote and closes once when two replicas share the store", async () => {
      const keyPrefix = `switchboard-test:polls:${randomUUID()}:`;
      const replicas: Store[] = await Promise.all([
        createRedisStore({ url: url!, keyPrefix }),
        createRedisStore({ url: url!, keyPrefix }),
      ]);
      try {
        const [one, two] = replicas.map((store) => new PollStore(store));
        const poll = await one!.create(draft);
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? one! : two!).vote(poll, `voter-${i}`, i % 3, 1),
          ),
        );
        const closes = await Promise.all([one!.close(poll, 2), two!.close(poll, 2)]);
        expect(closes.filter((result) => result?.closedNow)).toHaveLength(1);
        expect(Object.keys((await two!.get(poll))!.votes)).toHaveLength(30);
      } finally {
        for (const { key } of await replicas[0]!.list("")) await replicas[0]!.delete(key);
        await Promise.all(replicas.map((store) => store.close()));
      }
    });
  },
);
