import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createRedisStore } from "../../src/store/redis-store.js";
import type { Store } from "../../src/store/store.js";
import { outboundPacing } from "./index.js";
import { sharedWriteBudget } from "./write-budget.js";

describe("shared write budget", () => {
  it("shared: two processes' reservations draw from one budget", async () => {
    const store = createMemoryStore();
    const [a, b] = [sharedWriteBudget(store, 3, 10_000), sharedWriteBudget(store, 3, 10_000)];
    const results = [
      await a.reserve(100),
      await b.reserve(200),
      await a.reserve(300),
      await b.reserve(400),
    ];
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThan(0);
    // The first write (t=100) sits in the bucket [100, 200): its slot frees once all of that
    // bucket has left the 10 s window, at 10,200.
    expect(results[3]).toBe(10_200 - 400);
    expect(await a.reserve(10_199)).toBeGreaterThan(0);
    expect(await a.reserve(10_200)).toBe(0);
  });
});

const redisUrl = process.env.REDIS_URL;

async function sharedPacingRun(store: Store) {
  // Two replicas of one identity, each bursting 6 writes under a shared budget of 4 per 2 s.
  const options = { budget: { points: 4, durationMs: 2_000 }, headroom: 0, sharedStore: store };
  const replicas = [outboundPacing(options), outboundPacing(options)];
  const started: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    replicas.flatMap((pacer) =>
      Array.from({ length: 6 }, () =>
        pacer.run({ kind: "message", conversationId: "c" }, async () =>
          started.push(Date.now() - t0),
        ),
      ),
    ),
  );
  return started.sort((x, y) => x - y);
}

describe("outbound pacing with a shared budget", () => {
  it("keeps two pacers on one store under the budget together (memory store)", async () => {
    const started = await sharedPacingRun(createMemoryStore());
    expect(started).toHaveLength(12);
    expect(started.filter((t) => t < 1_900)).toHaveLength(4);
  });

  it.skipIf(!redisUrl)(
    "and across processes' connections on Redis (set REDIS_URL to run)",
    async () => {
      const prefix = `switchboard-test:budget:${Date.now()}:${Math.random()}:`;
      const store = await createRedisStore({ url: redisUrl!, keyPrefix: prefix });
      try {
        const started = await sharedPacingRun(store);
        expect(started).toHaveLength(12);
        expect(started.filter((t) => t < 1_900)).toHaveLength(4);
      } finally {
        await store.close();
      }
    },
  );
});
