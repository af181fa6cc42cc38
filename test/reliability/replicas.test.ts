import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterEach, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "./agent-process.js";
import { countAnswers, dmSenders, STEADY_LOAD, sendLoad } from "./load.js";
import { reliabilityRuns } from "./runs.js";

const redisUrl = process.env.REDIS_URL;

/**
 * Three replicas of one agent (same wallet, three installations, three processes) sharing
 * Redis: all receive every message; conversation leases give each conversation one replica at a
 * time and claims make exactly one handle each message. One replica is killed mid-load; the
 * others take its conversations over once its leases expire, in order.
 */
describe.skipIf(!redisUrl)("replicas on Redis (set REDIS_URL to run)", () => {
  const users: TestUser[] = [];
  const replicas: AgentProcess[] = [];

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.stop()));
    await Promise.all(users.splice(0).map((user) => user.stop()));
  });

  it.each(reliabilityRuns())(
    "3 replicas, one killed: nothing lost, nothing twice, every conversation in order (run %i)",
    async (run) => {
      const identity = {
        XMTP_WALLET_KEY: generatePrivateKey(),
        XMTP_DB_ENCRYPTION_KEY: generatePrivateKey(),
        XMTP_ENV: "local",
        REDIS_URL: redisUrl!,
        // Short, so the takeover happens within the test, yet longer than the event-loop stalls
        // seen with 3 agents and 5 users on 2 shared cores (renewals run every TTL/3).
        CLAIM_TTL_MS: "6000",
        ECHO_DELAY_MS: "50",
      };
      for (const name of ["replica-a", "replica-b", "replica-c"]) {
        // Each replica is its own installation: its own data dir, so its own XMTP database.
        replicas.push(
          new AgentProcess("test/fixtures/echo-agent.ts", {
            ...identity,
            AGENT_NAME: name,
            SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), `switchboard-${name}-`)),
          }),
        );
      }
      // One after the other: the first creates the inbox, the others add installations to it.
      const { address } = await replicas[0]!.start();
      for (const replica of replicas.slice(1)) await replica.start();
      const senders = await dmSenders(["r1", "r2", "r3", "r4", "r5"], address);
      users.push(...senders.map((sender) => sender.user));

      const sent = await sendLoad({
        senders,
        ...STEADY_LOAD,
        during: { atFraction: 0.5, action: () => replicas[0]!.kill9() },
      });
      const report = await countAnswers(users, sent, { timeoutMs: 60_000 });
      console.log(`3 replicas, one killed, run ${run}: ${JSON.stringify(report)}`);
      expect(report.sent).toBe(100);
      expect(report.lost).toBe(0);
      expect(report.duplicated).toBe(0);
      expect(report.outOfOrder).toBe(0);
      expect(report.extraGreetings).toBe(0);
    },
    300_000,
  );
});
