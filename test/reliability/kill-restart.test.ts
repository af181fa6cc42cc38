import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "./agent-process.js";
import { countAnswers, dmSenders, STEADY_LOAD, sendLoad } from "./load.js";

/** kill -9 of the agent under a steady load from several senders, then a restart. */
describe("kill -9 under load", () => {
  const users: TestUser[] = [];
  let agent: AgentProcess | undefined;

  afterAll(async () => {
    await agent?.stop();
    await Promise.all(users.map((user) => user.stop()));
  });

  it("handles every message exactly once across the crash", async () => {
    agent = new AgentProcess("test/fixtures/echo-agent.ts", {
      XMTP_WALLET_KEY: generatePrivateKey(),
      XMTP_DB_ENCRYPTION_KEY: generatePrivateKey(),
      SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), "switchboard-kill-")),
      XMTP_ENV: "local",
      // One replica slot, as PM2 restarts it: the message in flight at the kill is replayed at
      // once, not after the claim TTL (REDIS_URL, when set, makes the store a shared one).
      SWITCHBOARD_REPLICA_ID: "0",
    });
    const { address } = await agent.start();
    const senders = await dmSenders(["s1", "s2", "s3"], address);
    users.push(...senders.map((sender) => sender.user));

    const loadStarted = Date.now();
    const sent = await sendLoad({
      senders,
      ...STEADY_LOAD,
      during: {
        atFraction: 0.4,
        action: async () => {
          await agent!.kill9();
          await new Promise((resolve) => setTimeout(resolve, 500));
          await agent!.start();
        },
      },
    });
    console.log(`load sent in ${Date.now() - loadStarted} ms (crash and restart included)`);
    const report = await countAnswers(users, sent, { timeoutMs: 60_000 });
    console.log(`kill -9 under load: ${JSON.stringify(report)}`);
    expect(report.sent).toBe(60);
    if (report.lost > 0) console.log(agent.output.join("").slice(-4000));
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
  }, 240_000);
});
