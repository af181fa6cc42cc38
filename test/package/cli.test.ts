import { execFile, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAYGROUND_USAGE } from "../../src/cli/command-usage.js";
import { DEFAULT_PLAYGROUND_PORT } from "../../src/playground/playground-server.js";

/** The built CLI, as the package's bin runs it (the package project's globalSetup built it). */
const BIN = resolve(import.meta.dirname, "../../bin/switchboard.js");
const COMMANDS = ["init", "chat", "playground", "devnode", "installations", "keygen"];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `stdout`, that file descriptor is its standard output. */
function cli(args: string[], options: { stdout?: number; cwd?: string } = {}): Promise<Ran> {
  return new Promise((done) => {
    if (options.stdout !== undefined) {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: options.cwd,
        stdio: ["ignore", options.stdout, "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      child.once("exit", (code) => done({ code: code ?? -1, stdout: "", stderr }));
      return;
    }
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const lines = (text: string) => text.trim().split("\n");

describe("switchboard CLI", () => {
  it.each(COMMANDS)("%s --help prints its usage and exits 0", async (command) => {
    const ran = await cli([command, "--help"]);
    expect(ran).toMatchObject({ code: 0, stderr: "" });
    expect(ran.stdout.startsWith(`switchboard ${command}`)).toBe(true);
  });

  it("names an unknown command in one line", async () => {
    const ran = await cli(["chta"]);
    expect(ran.code).toBe(2);
    expect(lines(ran.stderr)).toEqual([expect.stringContaining('unknown command "chta"')]);
  });

  it.each(COMMANDS)("%s names an unknown flag in one line", async (command) => {
    const ran = await cli([command, "--bogus-flag"]);
    expect(ran.code).toBe(2);
    expect(lines(ran.stderr)).toEqual([
      `switchboard ${command}: unknown option --bogus-flag (see switchboard ${command} --help)`,
    ]);
  });

  it("shows the playground's real default port", () => {
    expect(PLAYGROUND_USAGE).toContain(`--port ${DEFAULT_PLAYGROUND_PORT}]`);
  });

  it("installations without a verb says which verbs exist", async () => {
    const ran = await cli(["installations"]);
    expect(ran.code).toBe(2);
    expect(lines(ran.stderr)).toEqual([expect.stringContaining("needs a verb: list or revoke")]);
  });

  describe("keygen keeps keys from other users", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-keygen-"));
    const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

    it("makes a redirected stdout file 0600 (keygen > .env)", async () => {
      const file = join(dir, "redirected.env");
      writeFileSync(file, "", { mode: 0o644 });
      const fd = openSync(file, "w");
      const ran = await cli(["keygen"], { stdout: fd });
      closeSync(fd);
      expect(ran).toMatchObject({ code: 0, stderr: "" });
      expect(mode(file)).toBe("600");
    });

    it("writes --out files 0600 and never overwrites one", async () => {
      const file = join(dir, "out.env");
      expect((await cli(["keygen", "--out", file])).code).toBe(0);
      expect(mode(file)).toBe("600");
      const again = await cli(["keygen", "--out", file]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("never overwrites");
    });
  });
});

describe("devnode logs", () => {
  it("stays JSON when stdout is not a terminal", async () => {
    const child = spawn(process.execPath, [BIN, "devnode", "--port", "0", "--memory"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const first = await new Promise<string>((done) =>
      child.stdout.once("data", (chunk: Buffer) => done(String(chunk).split("\n")[0] ?? "")),
    );
    child.kill("SIGINT");
    expect(JSON.parse(first)).toMatchObject({ name: "devnode" });
  });
});
