import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/wait-for.js";
import { logged, runTs, type TsProcess } from "./run-ts.js";

/**
 * Agents started the README way: `npx tsx agents/<name>.ts` from one folder, no data dir
 * configured. Each must get its own identity, and a second process on one data dir must refuse.
 */
describe("one identity per agent", () => {
  const scratch = mkdtempSync(join(tmpdir(), "switchboard-readme-way-"));
  const env = { XMTP_ENV: "local", LOG_LEVEL: "info" };
  const running: TsProcess[] = [];
  const start = (file: string) => {
    const agent = runTs(file, { cwd: scratch, env });
    running.push(agent);
    return agent;
  };
  const created = async (agent: TsProcess) => {
    await waitFor(() => logged(agent.stdout, "agent created") ?? agent.child.exitCode !== null, {
      timeoutMs: 60_000,
    });
    const line = logged(agent.stdout, "agent created");
    if (!line) throw new Error(`agent exited (${agent.child.exitCode}): ${agent.stderr()}`);
    return line as { address: string; inboxId: string };
  };

  afterAll(async () => {
    for (const agent of running) if (agent.child.exitCode === null) agent.child.kill("SIGKILL");
  });

  let pollbot: TsProcess;
  let pollbotAddress: string;

  it("gives pollbot and moderator started side by side two identities and two data dirs", async () => {
    pollbot = start("agents/pollbot.ts");
    const moderator = start("agents/moderator.ts");
    const [a, b] = await Promise.all([created(pollbot), created(moderator)]);
    pollbotAddress = a.address;
    console.log(`pollbot ${a.address}, moderator ${b.address}`);
    expect(a.address).not.toBe(b.address);
    expect(a.inboxId).not.toBe(b.inboxId);
    for (const name of ["pollbot", "moderator"]) {
      expect(existsSync(join(scratch, ".data", name, "identity.json")), name).toBe(true);
      const lock = JSON.parse(readFileSync(join(scratch, ".data", name, "agent.lock"), "utf8"));
      expect(lock).toMatchObject({ agent: name, pid: expect.any(Number) });
    }
    expect(existsSync(join(scratch, ".data", "identity.json"))).toBe(false);
  });

  it("refuses a second pollbot on the same data dir, in one line naming the first", async () => {
    const second = start("agents/pollbot.ts");
    const code = await second.exited;
    const lines = second.stderr().trimEnd().split("\n");
    console.log(`second pollbot: exit ${code}, stderr: ${lines.join(" | ")}`);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^pollbot: data dir \\.data/pollbot is in use by pid ${pollbot.child.pid} \\(agent "pollbot", started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) — stop it, or give this agent its own SWITCHBOARD_DATA_DIR \\(SB_ERR_INSTANCE_LOCKED\\)$`,
      ),
    );
  });

  it("takes over the lock of a pollbot that was killed, and keeps its identity", async () => {
    pollbot.child.kill("SIGKILL");
    await pollbot.exited;
    const again = start("agents/pollbot.ts");
    const line = await created(again);
    expect(line.address).toBe(pollbotAddress);
    const lock = JSON.parse(readFileSync(join(scratch, ".data", "pollbot", "agent.lock"), "utf8"));
    expect(lock.pid).toBe(again.child.pid);
  });

  it("honours agent-sdk's XMTP_DB_DIRECTORY for the XMTP database", async () => {
    const dbDir = join(scratch, "xmtp-dbs");
    const agent = runTs("agents/pollbot.ts", {
      cwd: scratch,
      env: { ...env, SWITCHBOARD_DATA_DIR: join(scratch, "elsewhere"), XMTP_DB_DIRECTORY: dbDir },
    });
    running.push(agent);
    const { inboxId } = await created(agent);
    expect(readdirSync(dbDir)).toContain(`xmtp-local-${inboxId}.db3`);
    expect(readdirSync(join(scratch, "elsewhere"))).toContain("identity.json");
  });
});
