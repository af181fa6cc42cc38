import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
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

/**
 * Three runtimes of one agent (one wallet, three installations, one process) on one store:
 * every one receives every message, all race for it at once, and each message must be handled
 * exactly once, counted where it happens (the handler) and where it shows (the answers).
 */
describe.each([
  { backend: "memory", open: async () => shared(createMemoryStore()) },
  {
    backend: "sqlite",
    open: async () => {
      const path = join(mkdtempSync(join(tmpdir(), "switchboard-race-")), "state.sqlite");
      // One connection per runtime, as separate processes would have.
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
])("$backend store: $backend replicas racing for the same messages", ({ backend, open }) => {
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
});

/** One store for every runtime, closed by none of them (each closes its store on stop). */
function shared(store: Store): () => Store {
  return () => namespaced(store, "agent:");
}
