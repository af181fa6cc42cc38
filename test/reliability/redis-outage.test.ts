import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterEach, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "./agent-process.js";
import { countAnswers, dmSenders, STEADY_LOAD, sendLoad } from "./load.js";
import { hasRedisServer, RedisServer } from "./redis-server.js";
import { reliabilityRuns } from "./runs.js";

/** Its own Redis, never the shared one: killing that would break the other tests. */
const PORT = Number(process.env.OUTAGE_REDIS_PORT ?? 6390);

/**
 * Redis killed mid-load and restarted 2 s later, empty (no persistence): the agent keeps its
 * XMTP streams, retries what the store refused, answers everything once and greets no one
 * twice, and warns at start that this Redis would forget.
 */
describe.skipIf(!hasRedisServer)(
  "Redis killed and restarted empty mid-load (needs redis-server on PATH)",
  () => {
    const users: TestUser[] = [];
    let agent: AgentProcess | undefined;
    let redis: RedisServer | undefined;

    afterEach(async () => {
      await agent?.stop();
      await Promise.all(users.splice(0).map((user) => user.stop()));
      await redis?.kill9();
    });

    it.each(reliabilityRuns())(
      "loses nothing, answers nothing twice (run %i)",
      async (run) => {
        redis = new RedisServer(PORT);
        await redis.start();
        agent = new AgentProcess("test/fixtures/echo-agent.ts", {
          XMTP_WALLET_KEY: generatePrivateKey(),
          XMTP_DB_ENCRYPTION_KEY: generatePrivateKey(),
          SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), "switchboard-redis-outage-")),
          XMTP_ENV: "local",
          REDIS_URL: redis.url,
        });
        const { address } = await agent.start();
        expect(agent.output.join("")).toContain("appendonly yes");
        const senders = await dmSenders(["o1", "o2", "o3"], address);
        users.push(...senders.map((sender) => sender.user));

        const sent = await sendLoad({
          senders,
          ...STEADY_LOAD,
          during: {
            atFraction: 0.4,
            action: async () => {
              await redis!.kill9();
              await new Promise((resolve) => setTimeout(resolve, 2_000));
              await redis!.start();
            },
          },
        });
        const report = await countAnswers(users, sent, { timeoutMs: 60_000 });
        // What the outage cost the agent: store calls refused, each retried in place.
        const storeErrors = agent.output.join("").match(/SB_ERR_STORE/g)?.length ?? 0;
        console.log(
          `Redis killed and restarted empty, run ${run}: ${JSON.stringify({ ...report, storeErrors })}`,
        );
        if (report.lost > 0) console.log(agent.output.join("").slice(-4000));
        expect(report.sent).toBe(60);
        expect(report.lost).toBe(0);
        expect(report.duplicated).toBe(0);
        expect(report.extraGreetings).toBe(0);
      },
      240_000,
    );
  },
);
