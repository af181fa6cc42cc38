import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { type Devnode, startDevnode } from "../../src/devnode/devnode.js";
import type { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "./agent-process.js";
import { countAnswers, dmSenders, STEADY_LOAD, sendLoad } from "./load.js";

/** The devnode stopped and restarted (from its data dir) in the middle of a steady load. */
describe("devnode restart mid-load", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-devnode-load-"));
  const logger = pino({ level: "warn" });
  let node: Devnode | undefined;
  let agent: AgentProcess | undefined;
  const users: TestUser[] = [];

  afterAll(async () => {
    await agent?.stop();
    await Promise.all(users.map((user) => user.stop()));
    await node?.stop();
  });

  it("reconnects, catches up, loses nothing and keeps each conversation in order", async () => {
    node = await startDevnode({ dataDir, logger });
    agent = new AgentProcess("test/fixtures/echo-agent.ts", {
      XMTP_WALLET_KEY: generatePrivateKey(),
      SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), "switchboard-agent-")),
      XMTP_ENV: "local",
    });
    const { address } = await agent.start();
    const senders = await dmSenders(["d1", "d2"], address);
    users.push(...senders.map((sender) => sender.user));
    const sent = await sendLoad({
      senders,
      ...STEADY_LOAD,
      during: {
        atFraction: 0.4,
        action: async () => {
          await node!.stop();
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          node = await startDevnode({ dataDir, logger });
        },
      },
    });
    const report = await countAnswers(users, sent, { timeoutMs: 90_000 });
    console.log(`devnode restart mid-load: ${JSON.stringify(report)}`);
    if (report.lost > 0) console.log(agent.output.join("").slice(-6000));
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    // Messages the restarted stream delivers before the catch-up has replayed older ones wait.
    expect(report.reordered).toEqual([]);
  }, 240_000);
});
