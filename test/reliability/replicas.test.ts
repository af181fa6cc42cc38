import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "./agent-process.js";
import { countAnswers, dmSenders, STEADY_LOAD, sendLoad } from "./load.js";

const redisUrl = process.env.REDIS_URL;

/**
 * Two replicas of one agent (same wallet, two installations, two processes) sharing Redis:
 * both receive every message, claims make exactly one handle each, and when one is killed
 * mid-load the other takes over its claimed-but-unfinished messages once the claims expire.
 */
describe.skipIf(!redisUrl)("replicas on Redis (set REDIS_URL to run)", () => {
  const users: TestUser[] = [];
  const replicas: AgentProcess[] = [];

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await Promise.all(users.map((user) => user.stop()));
  });

  it("loses nothing and handles nothing twice when one replica dies", async () => {
    const identity = {
      XMTP_WALLET_KEY: generatePrivateKey(),
      XMTP_DB_ENCRYPTION_KEY: generatePrivateKey(),
      XMTP_ENV: "local",
      REDIS_URL: redisUrl!,
      CLAIM_TTL_MS: "3000",
      ECHO_DELAY_MS: "50",
    };
    for (const name of ["replica-a", "replica-b"]) {
      // Each replica is its own installation: its own data dir, so its own XMTP database.
      replicas.push(
        new AgentProcess("test/fixtures/echo-agent.ts", {
          ...identity,
          AGENT_NAME: name,
          SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), `switchboard-${name}-`)),
        }),
      );
    }
    const [{ address }] = [await replicas[0]!.start()];
    await replicas[1]!.start();
    const senders = await dmSenders(["r1", "r2", "r3"], address);
    users.push(...senders.map((sender) => sender.user));

    const sent = await sendLoad({
      senders,
      ...STEADY_LOAD,
      during: { atFraction: 0.5, action: () => replicas[0]!.kill9() },
    });
    const report = await countAnswers(users, sent, { timeoutMs: 60_000 });
    console.log(`two replicas, one killed: ${JSON.stringify(report)}`);
    expect(report.sent).toBe(60);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
  }, 240_000);
});
