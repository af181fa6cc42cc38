import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterEach, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "./agent-process.js";
import { countAnswers, dmSenders, type LoadFault, STEADY_LOAD, sendLoad } from "./load.js";
import { reliabilityRuns } from "./runs.js";

/**
 * kill -9 of the agent three times under a steady load from several senders, each time
 * restarted, with the inbound rate limiter on (a replayed message must not count twice).
 */
describe("kill -9 under load", () => {
  const users: TestUser[] = [];
  let agent: AgentProcess | undefined;

  afterEach(async () => {
    await agent?.stop();
    await Promise.all(users.splice(0).map((user) => user.stop()));
  });

  it.each(reliabilityRuns())(
    "handles every message exactly once across 3 crashes (run %i)",
    async (run) => {
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

      const crashedAtMs: number[] = [];
      const crash: LoadFault["action"] = async () => {
        crashedAtMs.push(Date.now() - loadStarted);
        await agent!.kill9();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await agent!.start();
      };
      const loadStarted = Date.now();
      const sent = await sendLoad({
        senders,
        // Slower than the steady load, so that all three crashes land while it is being sent.
        perSender: STEADY_LOAD.perSender,
        intervalMs: 250,
        during: [0.2, 0.45, 0.7].map((atFraction) => ({ atFraction, action: crash })),
      });
      console.log(
        `load sent in ${Date.now() - loadStarted} ms, crashes at ${crashedAtMs.join(", ")} ms`,
      );
      const report = await countAnswers(users, sent, { timeoutMs: 60_000 });
      console.log(`kill -9 x3 under load, run ${run}: ${JSON.stringify(report)}`);
      expect(report.sent).toBe(60);
      if (report.lost + report.duplicated > 0) console.log(agent.output.join("").slice(-8000));
      expect(report.lost).toBe(0);
      expect(report.duplicated).toBe(0);
      expect(report.extraGreetings).toBe(0);
    },
    300_000,
  );
});
