import { randomUUID } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createRedisStore } from "../../src/store/redis-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { StoreRateLimiter } from "./store-rate-limiter.js";

const REDIS_URL = process.env.REDIS_URL;
const redisName = REDIS_URL
  ? "Redis store"
  : "Redis store (skipped: REDIS_URL is not set; point it at a Redis to run these)";

const backends: Array<[string, (() => Promise<Store> | Store) | undefined]> = [
  ["memory store", createMemoryStore],
  ["SQLite store", () => createSqliteStore({ path: ":memory:" })],
  [
    redisName,
    REDIS_URL
      ? () => createRedisStore({ url: REDIS_URL, keyPrefix: `switchboard-test:${randomUUID()}:` })
      : undefined,
  ],
];

describe.each(backends)("StoreRateLimiter over the %s", (_name, open) => {
  const stores: Store[] = [];
  afterAll(() => Promise.all(stores.map((store) => store.close())));

  const limiter = async (points: number, duration = 60) => {
    const store = await open!();
    stores.push(store);
    return { store, limiter: new StoreRateLimiter({ store, points, duration, keyPrefix: "t" }) };
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof RateLimiterRes ? error : Promise.reject(error)),
    );

  it.skipIf(!open)("consumes into one window and refuses past its points", async () => {
    const { limiter: l, store } = await limiter(2);
    const first = await l.consume("k");
    expect(first).toMatchObject({ consumedPoints: 1, remainingPoints: 1, isFirstInDuration: true });
    expect(first.msBeforeNext).toBeGreaterThan(59_000);
    expect((await l.consume("k")).consumedPoints).toBe(2);
    const refused = await refusal(l.consume("k"));
    expect(refused).toMatchObject({ consumedPoints: 3, remainingPoints: 0 });
    expect(await store.get("t:k")).toMatchObject({ points: 3 });
  });

  it.skipIf(!open)("reads, blocks, fines, rewards and deletes keys", async () => {
    const { limiter: l } = await limiter(3);
    expect(await l.get("k")).toBeNull();
    await l.consume("k", 2);
    expect(await l.get("k")).toMatchObject({ consumedPoints: 2, remainingPoints: 1 });
    await l.penalty("k", 1);
    expect((await l.get("k"))?.consumedPoints).toBe(3);
    await l.reward("k", 2);
    expect((await l.get("k"))?.consumedPoints).toBe(1);
    await l.block("k", 30);
    const blocked = await refusal(l.consume("k"));
    expect(blocked?.msBeforeNext).toBeLessThanOrEqual(30_000);
    expect(await l.delete("k")).toBe(true);
    expect((await l.consume("k")).consumedPoints).toBe(1);
  });

  it.skipIf(!open)("loses no point to concurrent consumers", async () => {
    const { limiter: l } = await limiter(1_000);
    await Promise.all(Array.from({ length: 40 }, () => l.consume("hot")));
    expect((await l.get("hot"))?.consumedPoints).toBe(40);
  });
});
