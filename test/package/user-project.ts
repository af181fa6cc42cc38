import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** This repository: its PM2 (a devDependency) is run against the user's project. */
export const REPO = resolve(import.meta.dirname, "../..");

/** A fresh folder outside the repository, as a user's project would be. */
export const tempProjectDir = (prefix: string): string =>
  mkdtempSync(join(tmpdir(), `switchboard-${prefix}-`));

/**
 * The environment of a user's shell: Node 22 (the one running the tests) and the system tools
 * on PATH, but none of this repository's node_modules/.bin (its tsc, vitest, tsx...), so that
 * nothing the project forgot to install is found by accident.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const system = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => !entry.includes("node_modules"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [dirname(process.execPath), ...system].join(delimiter),
    ...extra,
  };
  for (const key of Object.keys(env)) {
    // npm run / npx leave their own settings behind; a user's shell has none of them.
    if (key.startsWith("npm_") || key.startsWith("VITEST") || key === "NODE_OPTIONS")
      delete env[key];
  }
  return env;
}

export interface Ran {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a command to completion; never throws on a non-zero exit (tests assert on `code`). */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      timeout: options.timeoutMs ?? 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: unknown };
    return {
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
      code: typeof failed.code === "number" ? failed.code : -1,
    };
  }
}

/** npm as a user runs it, from the cache where it can (the repository's own install filled it). */
export const npm = (cwd: string, ...args: string[]): Promise<Ran> =>
  run("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    timeoutMs: 280_000,
  });

/** A long-running process whose stdout lines are collected as they come. */
export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const lines: string[] = [];
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? userEnv(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let partial = "";
  const collect = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, lines, exited };
}
