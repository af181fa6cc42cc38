import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logged, runTs } from "./run-ts.js";

/**
 * Every way a process fails to start (or crashes) ends the same: exit status 1 and exactly one
 * line on stderr saying what is wrong and what to do, no stack.
 */
async function failure(
  file: string,
  env: NodeJS.Dict<string>,
  { args = [], isolatedNetwork = false }: { args?: string[]; isolatedNetwork?: boolean } = {},
) {
  const cwd = mkdtempSync(join(tmpdir(), "switchboard-startup-"));
  const run = runTs(file, { cwd, env: { XMTP_ENV: "local", ...env }, args, isolatedNetwork });
  const code = await run.exited;
  const lines = run.stderr().trimEnd().split("\n");
  console.log(`${file} ${args.join(" ")} -> exit ${code}: ${lines.join(" | ")}`);
  return { code, lines, stdout: run.stdout };
}

describe("start-up failures exit non-zero with one line", () => {
  it("a rate limit that is not a rate says which format it expects", async () => {
    const { code, lines } = await failure("agents/pollbot.ts", {
      SWITCHBOARD_RATE_LIMIT_SENDER: "lots",
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'pollbot: invalid configuration: SWITCHBOARD_RATE_LIMIT_SENDER: expected N/<duration> like "20/60s" (N and the duration above zero, units ms, s, m or h), or "off"; got "lots" — fix it in .env or the environment (SB_ERR_CONFIG_INVALID)',
    ]);
  });

  it("agent-sdk's XMTP_GATEWAY_HOST is refused, not silently ignored", async () => {
    const { code, lines } = await failure("agents/pollbot.ts", {
      XMTP_GATEWAY_HOST: "https://gateway.example",
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      "pollbot: invalid configuration: XMTP_GATEWAY_HOST: not supported: Switchboard connects by XMTP_ENV (local, dev, production) only; unset it — fix it in .env or the environment (SB_ERR_CONFIG_INVALID)",
    ]);
  });

  it("a stack appears only with LOG_LEVEL=debug", async () => {
    const { code, lines } = await failure("agents/pollbot.ts", {
      SWITCHBOARD_CONCURRENCY: "many",
      LOG_LEVEL: "debug",
    });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^pollbot: invalid configuration: SWITCHBOARD_CONCURRENCY: /);
    expect(lines.slice(1).some((line) => /^\s+at /.test(line))).toBe(true);
  });

  it("an unhandled rejection while running is a crash: one line, SB_ERR_CRASH, exit 1", async () => {
    const { code, lines, stdout } = await failure("test/operations/crashing-agent.ts", {});
    expect(code).toBe(1);
    // The agent ran before it crashed, so libxmtp's own stderr lines may precede ours.
    expect(lines.at(-1)).toBe("crashy: unhandled rejection: nobody awaited this (SB_ERR_CRASH)");
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
    expect(logged(stdout, "unhandled rejection: nobody awaited this")).toMatchObject({
      level: 60,
      code: "SB_ERR_CRASH",
    });
  });

  it("no XMTP node running says how to start one", async () => {
    const { code, lines } = await failure("agents/pollbot.ts", {}, { isolatedNetwork: true });
    expect(code).toBe(1);
    expect(lines).toEqual([
      "pollbot: no XMTP node at localhost:5556 — start one with `switchboard devnode` (or `npm run devnode`) (SB_ERR_XMTP_UNREACHABLE)",
    ]);
  });

  it("a taken devnode port names the likely culprit", async () => {
    // The shared test devnode holds 5556.
    const { code, lines } = await failure("src/cli/main.ts", {}, { args: ["devnode", "--memory"] });
    expect(code).toBe(1);
    expect(lines).toEqual([
      "switchboard: port 5556 on 127.0.0.1 is taken, most likely by a devnode already running — use that one, or stop it first (SB_ERR_DEVNODE_PORT)",
    ]);
  });

  it("a missing agent file says which file", async () => {
    const { code, lines } = await failure(
      "src/cli/main.ts",
      {},
      {
        args: ["chat", "--agent", "nope.ts"],
      },
    );
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^switchboard: .*nope\.ts.* \(SB_ERR_STARTUP_FAILED\)$/);
  });
});
