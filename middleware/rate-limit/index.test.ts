import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { Context } from "../../src/runtime/context.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createRedisStore } from "../../src/store/redis-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { type FakeContext, type FakeContextOptions, fakeContext } from "../filters/fake-context.js";
import { type RateLimitOptions, rateLimit, rateLimitOptionsFromConfig } from "./index.js";

const REDIS_URL = process.env.REDIS_URL;
const connectRedis = (url: string) => createClient({ url }).connect();
type RedisConnection = Awaited<ReturnType<typeof connectRedis>>;
/** Shown as the name of what is skipped, so the reason is in the report. */
const withoutRedis = (name: string) =>
  REDIS_URL ? name : `${name} (skipped: REDIS_URL is not set; point it at a Redis to run these)`;

/**
 * Runs the middleware once; says whether the message went through unthrottled. Throttled or
 * not, it must reach the rest of the chain (observer skills still see it).
 */
async function handled(middleware: MiddlewareFn<Context>, ctx: Context): Promise<boolean> {
  let reached = false;
  await middleware(ctx, async () => {
    reached = true;
  });
  expect(reached).toBe(true);
  expect(ctx.outcome).toBe(ctx.throttled ? "limited" : "filtered");
  return !ctx.throttled;
}

/** Where counters live: what `rateLimit` gets, plus cleanup. */
interface Backend {
  name: string;
  /** Options that point the limiter at this backend, isolated from other tests. */
  options(): Promise<Pick<RateLimitOptions, "store" | "redis" | "keyPrefix">>;
  close(): Promise<void>;
}

function storeBackend(name: string, open: () => Store | Promise<Store>): Backend {
  const opened: Store[] = [];
  return {
    name,
    async options() {
      const store = await open();
      opened.push(store);
      return { store };
    },
    async close() {
      await Promise.all(opened.map((store) => store.close()));
    },
  };
}

function redisClientBackend(url: string): Backend {
  let client: RedisConnection | undefined;
  return {
    name: "redis (RateLimiterRedis)",
    async options() {
      client ??= await connectRedis(url);
      return { redis: client, keyPrefix: `switchboard-test:${randomUUID()}` };
    },
    async close() {
      await client?.close();
    },
  };
}

/** Windows in process memory: nothing to open or close. */
const memoryBackend: Backend = {
  name: "memory",
  async options() {
    return { store: "memory" };
  },
  async close() {},
};

const backends: Array<[string, Backend | undefined]> = [
  ["process memory", memoryBackend],
  ["memory store", storeBackend("memory", createMemoryStore)],
  [
    "SQLite store",
    storeBackend("sqlite", () =>
      createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), "rate-limit-")), "db.sqlite") }),
    ),
  ],
  [
    withoutRedis("Redis store"),
    REDIS_URL
      ? storeBackend("redis-store", () =>
          createRedisStore({ url: REDIS_URL, keyPrefix: `switchboard-test:${randomUUID()}:` }),
        )
      : undefined,
  ],
  [withoutRedis("Redis client"), REDIS_URL ? redisClientBackend(REDIS_URL) : undefined],
];

describe.each(backends)("rateLimit over the %s", (_name, backend) => {
  afterAll(() => backend?.close());

  let fakes: FakeContext[] = [];
  /** Everything the agent answered in this test, across contexts. */
  const replies = () => fakes.flatMap((fake) => fake.sent);

  /** The middleware over this backend, and a maker of contexts whose replies are tracked. */
  const limited = async (options: RateLimitOptions) => {
    const middleware = rateLimit({ ...options, ...(await backend!.options()) });
    fakes = [];
    const from = (contextOptions: FakeContextOptions = {}) => {
      const fake = fakeContext(contextOptions);
      fakes.push(fake);
      return fake.ctx;
    };
    return { middleware, from };
  };
  const perSenderOnly = (points: number, durationMs = 60_000): RateLimitOptions => ({
    perSender: { points, durationMs },
    perConversation: false,
    global: false,
  });

  it.skipIf(!backend)(
    "lets the points through, answers the first excess once, then stays silent",
    async () => {
      const { middleware, from } = await limited(perSenderOnly(3));
      const results: boolean[] = [];
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const ctx = from({ sender: "alice" });
        results.push(await handled(middleware, ctx));
        outcomes.push(ctx.outcome);
      }
      expect(results).toEqual([true, true, true, false, false, false]);
      expect(outcomes.slice(3)).toEqual(["limited", "limited", "limited"]);
      expect(replies()).toHaveLength(1);
      expect(replies()[0]).toMatch(/^Slow down — try again in (59|60) s\.$/);
    },
  );

  it.skipIf(!backend)(
    "counts concurrent messages exactly: one reply however many arrive at once",
    async () => {
      const { middleware, from } = await limited(perSenderOnly(5));
      const results = await Promise.all(
        Array.from({ length: 20 }, () => handled(middleware, from({ sender: "alice" }))),
      );
      expect(results.filter(Boolean)).toHaveLength(5);
      expect(replies()).toHaveLength(1);
    },
  );

  it.skipIf(!backend)("limits each sender on their own", async () => {
    const { middleware, from } = await limited(perSenderOnly(2));
    for (let i = 0; i < 4; i++) await handled(middleware, from({ sender: "alice" }));
    expect(await handled(middleware, from({ sender: "bob" }))).toBe(true);
    expect(await handled(middleware, from({ sender: "bob" }))).toBe(true);
    expect(await handled(middleware, from({ sender: "alice" }))).toBe(false);
  });

  it.skipIf(!backend)(
    "shares the conversation bucket between senders and the global one between conversations",
    async () => {
      const { middleware, from } = await limited({
        perSender: false,
        perConversation: { points: 2, durationMs: 60_000 },
        global: { points: 3, durationMs: 60_000 },
      });
      const inGroup = (sender: string) =>
        from({ sender, kind: "group", conversationId: "g1", content: "/ping" });
      expect(await handled(middleware, inGroup("alice"))).toBe(true);
      expect(await handled(middleware, inGroup("bob"))).toBe(true);
      expect(await handled(middleware, inGroup("carol"))).toBe(false);
      expect(await handled(middleware, from({ sender: "dave", conversationId: "dm1" }))).toBe(true);
      expect(await handled(middleware, from({ sender: "erin", conversationId: "dm2" }))).toBe(
        false,
      );
      expect(replies()).toHaveLength(2);
    },
  );

  it.skipIf(!backend)("starts afresh when the window ends, with a new single answer", async () => {
    const { middleware, from } = await limited(perSenderOnly(1, 1_000));
    expect(await handled(middleware, from({ sender: "alice" }))).toBe(true);
    expect(await handled(middleware, from({ sender: "alice" }))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await handled(middleware, from({ sender: "alice" }))).toBe(true);
    expect(await handled(middleware, from({ sender: "alice" }))).toBe(false);
    expect(await handled(middleware, from({ sender: "alice" }))).toBe(false);
    expect(replies()).toEqual(["Slow down — try again in 1 s.", "Slow down — try again in 1 s."]);
  });
});

describe("rateLimit options", () => {
  it("applies to messages only, not to new conversations, group updates or read receipts", async () => {
    const middleware = rateLimit({
      perSender: false,
      perConversation: false,
      global: { points: 1, durationMs: 60_000 },
    });
    const store = createMemoryStore();
    for (const event of ["conversation", "group_updated", "read-receipt"] as const) {
      expect(await handled(middleware, fakeContext({ event, store, content: {} }).ctx)).toBe(true);
    }
    expect(await store.list("")).toEqual([]);
    expect(await handled(middleware, fakeContext({ store }).ctx)).toBe(true);
    expect(await handled(middleware, fakeContext({ store }).ctx)).toBe(false);
  });

  it("keeps counters in the agent's store under the key prefix by default", async () => {
    const store = createMemoryStore();
    const middleware = rateLimit();
    await handled(middleware, fakeContext({ store, sender: "alice", conversationId: "c1" }).ctx);
    const keys = (await store.list("")).map((entry) => entry.key);
    expect(keys.filter((key) => !key.startsWith("rate-limit:seen:"))).toEqual([
      "rate-limit:conversation:c1",
      "rate-limit:global:all",
      "rate-limit:sender:alice",
    ]);
    expect(keys.filter((key) => key.startsWith("rate-limit:seen:"))).toHaveLength(1);
  });

  it("counts a message delivered twice (replayed after a crash) once", async () => {
    const store = createMemoryStore();
    const middleware = rateLimit({
      perSender: { points: 2, durationMs: 60_000 },
      perConversation: false,
      global: false,
    });
    const deliver = (messageId: string, source: "stream" | "catch-up") =>
      handled(middleware, fakeContext({ store, sender: "alice", messageId, source }).ctx);
    expect(await deliver("m1", "stream")).toBe(true);
    expect(await deliver("m1", "catch-up")).toBe(true);
    expect(await deliver("m2", "stream")).toBe(true);
    expect(await deliver("m2", "catch-up")).toBe(true);
    expect(await deliver("m3", "stream")).toBe(false);
  });

  it("does nothing, and stores nothing, with every limit off", async () => {
    const store = createMemoryStore();
    const middleware = rateLimit({ perSender: false, perConversation: false, global: false });
    expect(await handled(middleware, fakeContext({ store }).ctx)).toBe(true);
    expect(await store.list("")).toEqual([]);
  });

  it("uses the default limits: 20 per sender per minute", async () => {
    const store = createMemoryStore();
    const middleware = rateLimit();
    const results: boolean[] = [];
    for (let i = 0; i < 21; i++) {
      results.push(await handled(middleware, fakeContext({ store, sender: "alice" }).ctx));
    }
    expect(results.lastIndexOf(true)).toBe(19);
    expect(results.at(-1)).toBe(false);
  });

  it("says what the custom message says, with whole seconds rounded up", async () => {
    const middleware = rateLimit({
      perSender: { points: 1, durationMs: 1_500 },
      message: (seconds) => `easy! ${seconds}`,
    });
    const store = createMemoryStore();
    await handled(middleware, fakeContext({ store }).ctx);
    const second = fakeContext({ store });
    await handled(middleware, second.ctx);
    expect(second.sent).toEqual(["easy! 2"]);
  });

  it("counts only messages addressed to the agent by default: group chat is watched, not limited", async () => {
    const store = createMemoryStore();
    const middleware = rateLimit({ perSender: { points: 1, durationMs: 60_000 } });
    const inGroup = (content: string) => fakeContext({ store, kind: "group", content });
    const chat = Array.from({ length: 5 }, () => inGroup("just chatting"));
    for (const { ctx } of chat) expect(await handled(middleware, ctx)).toBe(true);
    expect(await handled(middleware, inGroup("/rules").ctx)).toBe(true);
    const mention = inGroup("hey 0x00000000000000000000000000000000000A9E17, help");
    expect(await handled(middleware, mention.ctx)).toBe(false);
    expect(mention.sent).toEqual(["Slow down — try again in 60 s."]);
    expect(await handled(middleware, inGroup("still chatting").ctx)).toBe(true);
    expect(chat.flatMap((fake) => fake.sent)).toEqual([]);
  });

  it("never answers unaddressed chat it counts, and answers the first addressed message once", async () => {
    const store = createMemoryStore();
    const middleware = rateLimit({
      perSender: { points: 1, durationMs: 60_000 },
      applies: () => true,
    });
    const inGroup = (content: string) => fakeContext({ store, kind: "group", content });
    const fakes = [inGroup("hi"), inGroup("hi again"), inGroup("and again"), inGroup("/a")];
    fakes.push(inGroup("/b"), inGroup("more chat"));
    const results: boolean[] = [];
    for (const { ctx } of fakes) results.push(await handled(middleware, ctx));
    expect(results).toEqual([true, false, false, false, false, false]);
    expect(fakes.map((fake) => fake.sent)).toEqual([
      [],
      [],
      [],
      [expect.stringMatching(/^Slow down/)],
      [],
      [],
    ]);
  });

  it("counts what `applies` selects", async () => {
    const middleware = rateLimit({
      perSender: { points: 1, durationMs: 60_000 },
      applies: (ctx) => ctx.text?.startsWith("/") ?? false,
    });
    const store = createMemoryStore();
    for (let i = 0; i < 3; i++) {
      expect(await handled(middleware, fakeContext({ store, content: "chat" }).ctx)).toBe(true);
    }
    expect(await handled(middleware, fakeContext({ store, content: "/a" }).ctx)).toBe(true);
    expect(await handled(middleware, fakeContext({ store, content: "/b" }).ctx)).toBe(false);
  });

  it.each<[string, RateLimitOptions, RegExp]>([
    ["zero points", { perSender: { points: 0, durationMs: 1_000 } }, /perSender/],
    ["a fractional duration", { global: { points: 1, durationMs: 1.5 } }, /global/],
    ["a non-function message", { message: "slow" as never }, /message/],
    [
      "both a store and redis",
      { store: createMemoryStore(), redis: { eval: () => 0 } as never },
      /either store or redis/,
    ],
    [
      "both memory windows and redis",
      { store: "memory", redis: { eval: () => 0 } as never },
      /either store or redis/,
    ],
    ["an unknown kind of store", { store: "disk" as never }, /store/],
    [
      "sub-second windows in Redis",
      { redis: { eval: () => 0 } as never, perSender: { points: 1, durationMs: 1_500 } },
      /whole seconds/,
    ],
  ])("refuses %s with SB_ERR_CONFIG_INVALID", (_name, options, message) => {
    expect(() => rateLimit(options)).toThrow(
      expect.objectContaining({
        code: "SB_ERR_CONFIG_INVALID",
        message: expect.stringMatching(message),
      }),
    );
  });

  it("reads its limits from the configuration", () => {
    const config = loadConfig({
      envFile: false,
      env: { SWITCHBOARD_RATE_LIMIT_SENDER: "5/10s", SWITCHBOARD_RATE_LIMIT_GLOBAL: "off" },
    });
    expect(rateLimitOptionsFromConfig(config)).toEqual({
      perSender: { points: 5, durationMs: 10_000 },
      perConversation: undefined,
      global: false,
      store: "memory",
    });
  });

  it("keeps windows in memory for the embedded store, in Redis when there is one", async () => {
    const embedded = rateLimitOptionsFromConfig(loadConfig({ envFile: false, env: {} }));
    expect(embedded.store).toBe("memory");
    const agentStore = createMemoryStore();
    const middleware = rateLimit({ ...embedded, perSender: { points: 1, durationMs: 60_000 } });
    expect(await handled(middleware, fakeContext({ store: agentStore }).ctx)).toBe(true);
    expect(await handled(middleware, fakeContext({ store: agentStore }).ctx)).toBe(false);
    expect(await agentStore.list("")).toEqual([]);
    const shared = loadConfig({ envFile: false, env: { REDIS_URL: "redis://127.0.0.1:6379" } });
    expect(rateLimitOptionsFromConfig(shared).store).toBeUndefined();
  });
});

describe.skipIf(!REDIS_URL)(withoutRedis("rateLimit with a Redis client"), () => {
  let client: RedisConnection;
  beforeAll(async () => {
    client = await connectRedis(REDIS_URL!);
  });
  afterAll(() => client?.close());

  it("leaves counters that expire with the window", async () => {
    const keyPrefix = `switchboard-test:${randomUUID()}`;
    const middleware = rateLimit({
      redis: client,
      keyPrefix,
      perConversation: false,
      global: false,
    });
    await handled(middleware, fakeContext({ sender: "alice" }).ctx);
    const ttl = await client.pTTL(`${keyPrefix}:sender:alice`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await client.del(`${keyPrefix}:sender:alice`);
  });
});
