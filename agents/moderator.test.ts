import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { askBot } from "../src/skills/membership/chat-test-support.js";
import { TestUser, waitFor } from "../src/testing/index.js";
import { moderatorOptions } from "./moderator.js";

const ENTRY = resolve(import.meta.dirname, "moderator.ts");

/** Runs a TypeScript file under this Node with tsx, collecting stdout lines. */
function runTs(file: string, dataDir: string) {
  const lines: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    cwd: resolve(import.meta.dirname, ".."),
    env: { ...process.env, XMTP_ENV: "local", SWITCHBOARD_DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    lines.push(...complete);
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, lines, exited };
}

const logged = (lines: string[], msg: string) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === msg);

describe("moderator agent", () => {
  const children: ChildProcess[] = [];
  let user: TestUser | undefined;

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await user?.stop();
  });

  it("builds its options from the moderation and membership skills", () => {
    const options = moderatorOptions({ moderation: { strikeLimit: 5 } });
    expect(options.name).toBe("moderator");
    expect(options.skills?.map((skill) => skill.name)).toEqual(["moderation", "membership"]);
    expect(() => moderatorOptions({ membership: { welcome: "Hi {nobody}" } })).toThrow(
      /unknown placeholder \{nobody\}/,
    );
  });

  it("does not start when imported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moderator-import-"));
    const importer = join(dir, "importer.mts");
    writeFileSync(
      importer,
      `const m = await import(${JSON.stringify(ENTRY)});\nconsole.log(JSON.stringify({ msg: "imported", exports: Object.keys(m) }));\n`,
    );
    const run = runTs(importer, dir);
    children.push(run.child);
    expect(await run.exited).toBe(0);
    expect(logged(run.lines, "imported")).toEqual({
      msg: "imported",
      exports: ["definition", "moderatorOptions"],
    });
    expect(logged(run.lines, "agent created")).toBeUndefined();
  });

  it("runs when started directly, answers, and drains on SIGTERM", async () => {
    const run = runTs(ENTRY, mkdtempSync(join(tmpdir(), "moderator-run-")));
    children.push(run.child);
    [user] = await Promise.all([
      TestUser.create({ name: "dave" }),
      waitFor(() => logged(run.lines, "agent ready"), {
        timeoutMs: 45_000,
        description: "agent ready",
      }),
    ]);
    const created = logged(run.lines, "agent created") as { address: string; inboxId: string };
    const dm = await user.dmWith(created.address);
    const help = await askBot(user, dm, created.inboxId, "/help");
    expect(help).toContain("/rules");
    // Admin commands work only in groups, so a DM's /help leaves them out.
    expect(help).not.toContain("/modlog");
    expect(help).not.toContain("/promote");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(logged(run.lines, "agent stopped")).toBeDefined();
  });
});
