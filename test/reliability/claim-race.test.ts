import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { MessageClaims } from "../../src/runtime/message-claims.js";
import { defineSkill } from "../../src/skill/skill.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createRedisStore } from "../../src/store/redis-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import { namespaced, type Store } from "../../src/store/store.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { countAnswers, sendLoad } from "./load.js";

const redisUrl = process.env.REDIS_URL;
const REPLICAS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = () => sleep(Math.random() * 4);

/** Each backend as several processes would open it: one store per replica, one shared state. */
const backends = [
  { backend: "memory", open: async () => shared(createMemoryStore()) },
  {
    backend: "sqlite",
    open: async () => {
      const path = join(mkdtempSync(join(tmpdir(), "switchboard-race-")), "state.sqlite");
      return () => createSqliteStore({ path });
    },
  },
  ...(redisUrl
    ? [
        {
          backend: "redis",
          open: async () => {
            const keyPrefix = `switchboard-race:${randomUUID()}:`;
            return () => createRedisStore({ url: redisUrl, keyPrefix });
          },
        },
      ]
    : []),
];

/**
 * The claim protocol alone, at its most contended: three replicas race for the same 200
 * messages, each pausing at random between its steps, so that some look at a message while
 * another finishes it. The old protocol (check handled, claim, mark, release) let such a
 * latecomer win the released claim and run the message again.
 */
describe.each(backends)(
  "$backend store: claims raced by $backend replicas",
  ({ backend, open }) => {
    it("lets each message be won once, and never again once handled", async () => {
      const storeFor = await open();
      const stores = await Promise.all(Array.from({ length: REPLICAS }, () => storeFor()));
      const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
      const wins = new Map<string, number>();
      let storeCalls = 0;
      await Promise.all(
        stores.map(async (store) => {
          const claims = new MessageClaims(
            counted(store, () => storeCalls++),
            { ttlMs: 10_000 },
          );
          await Promise.all(
            ids.map(async (id) => {
              await jitter();
              if ((await claims.claim(id)) !== "won") return;
              wins.set(id, (wins.get(id) ?? 0) + 1);
              await jitter();
              await claims.complete(id);
            }),
          );
        }),
      );
      // Latecomers, after everything is handled, must not win anything.
      const late = new MessageClaims(stores[0]!, { ttlMs: 10_000 });
      const lateWins = (await Promise.all(ids.map((id) => late.claim(id)))).filter(
        (result) => result === "won",
      ).length;
      const wonTwice = ids.filter((id) => (wins.get(id) ?? 0) > 1).length;
      const neverWon = ids.filter((id) => !wins.has(id)).length;
      console.log(
        `${backend} claims, ${REPLICAS} replicas x ${ids.length} messages: ${JSON.stringify({
          wonTwice,
          neverWon,
          lateWins,
          storeCallsPerMessage: storeCalls / ids.length,
        })}`,
      );
      await Promise.all(stores.map((store) => store.close()));
      expect(wonTwice).toBe(0);
      expect(neverWon).toBe(0);
      expect(lateWins).toBe(0);
    });
  },
);

/**
 * Three runtimes of one agent (one wallet, three installations, one process) on one store:
 * every one receives every message, all race for it at once, and each message must be handled
 * exactly once, counted where it happens (the handler) and where it shows (the answers).
 */
describe.each(backends)(
  "$backend store: runtimes racing for the same messages",
  ({ backend, open }) => {
    const agents: TestAgent[] = [];
    const users: TestUser[] = [];

    afterAll(async () => {
      await Promise.all(agents.map((agent) => agent.stop()));
      await Promise.all(users.map((user) => user.stop()));
    });

    it("handles every message exactly once", async () => {
      const runs = new Map<string, number>();
      const echo = defineSkill({
        name: "echo",
        description: "Acknowledges every text",
        setup(skill) {
          skill.on("text", async (ctx) => {
            runs.set(ctx.content, (runs.get(ctx.content) ?? 0) + 1);
            // A handler long enough for the other replicas to try while it runs.
            await new Promise((resolve) => setTimeout(resolve, 30));
            await ctx.reply(`ack:${ctx.content}`);
          });
        },
      });
      const storeFor = await open();
      const walletKey = generatePrivateKey();
      for (let i = 0; i < REPLICAS; i++) {
        agents.push(
          await TestAgent.start({
            name: `race-${backend}-${i}`,
            skills: [echo()],
            store: storeFor,
            env: { XMTP_WALLET_KEY: walletKey },
          }),
        );
      }
      const names = ["u1", "u2"];
      users.push(...(await Promise.all(names.map((name) => TestUser.create({ name })))));
      const senders = await Promise.all(
        users.map(async (user) => ({ user, conversation: await user.dmWith(agents[0]!.address) })),
      );
      const sent = await sendLoad({ senders, perSender: 15, intervalMs: 20 });
      const report = await countAnswers(users, sent, { timeoutMs: 60_000 });
      const handledTwice = sent.filter((text) => (runs.get(text) ?? 0) > 1).length;
      const notHandled = sent.filter((text) => !runs.has(text)).length;
      console.log(
        `${backend}, ${REPLICAS} replicas: ${JSON.stringify({ ...report, handledTwice, notHandled })}`,
      );
      expect(handledTwice).toBe(0);
      expect(notHandled).toBe(0);
      expect(report.lost).toBe(0);
      expect(report.duplicated).toBe(0);
    }, 180_000);
  },
);

/** `store`, counting its calls (a Redis call is one round trip, `update` two or more). */
function counted(store: Store, count: () => void): Store {
  const call = <R>(result: () => Promise<R>) => {
    count();
    return result();
  };
  return {
    get: (key) => call(() => store.get(key)),
    set: (key, value, options) => call(() => store.set(key, value, options)),
    setIfAbsent: (key, value, options) => call(() => store.setIfAbsent(key, value, options)),
    delete: (key) => call(() => store.delete(key)),
    update: (key, fn, options) => call(() => store.update(key, fn, options)),
    list: (prefix) => call(() => store.list(prefix)),
    close: () => store.close(),
  };
}

/** One store for every runtime, closed by none of them (each closes its store on stop). */
function shared(store: Store): () => Store {
  return () => namespaced(store, "agent:");
}
