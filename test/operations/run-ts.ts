import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/** The repository root: agent files and the CLI are found from here, whatever the cwd. */
export const REPO = resolve(import.meta.dirname, "../..");

/** A TypeScript process under test: its output so far, and how it ended. */
export interface TsProcess {
  child: ChildProcess;
  /** Complete stdout lines (the agent's JSON log lines). */
  stdout: string[];
  /** Everything written to stderr. */
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * Runs `file` (absolute, or relative to the repository) with this Node and tsx, as an operator
 * would with `npx tsx <file>`, in `cwd` (a scratch folder, so `.data` lands there).
 *
 * @example
 * const bot = runTs("agents/pollbot.ts", { cwd: scratch, env: { XMTP_ENV: "local" } });
 */
export function runTs(
  file: string,
  {
    cwd,
    env,
    args = [],
    isolatedNetwork = false,
  }: {
    cwd: string;
    env: NodeJS.Dict<string>;
    args?: string[];
    /** In a network namespace of its own (loopback only): no devnode answers there. */
    isolatedNetwork?: boolean;
  },
): TsProcess {
  const command = [
    process.execPath,
    "--import",
    import.meta.resolve("tsx"),
    "--disable-warning=ExperimentalWarning",
    resolve(REPO, file),
    ...args,
  ];
  const [program, ...rest] = isolatedNetwork
    ? ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", ...command]
    : command;
  const child = spawn(program!, rest, {
    cwd,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    stdout.push(...lines);
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, stdout, stderr: () => stderr, exited };
}

/**
 * The test's environment without Switchboard's own variables, so each process sees only what
 * the test gives it (vitest may run with a SWITCHBOARD_DATA_DIR or a LOG_LEVEL of its own).
 */
function cleanEnv(env: NodeJS.Dict<string>): NodeJS.Dict<string> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(SWITCHBOARD_|XMTP_|METRICS_|LOG_LEVEL$|REDIS_URL$|pm_)/.test(key),
    ),
  );
  return { ...base, ...env };
}

/** The first JSON log line with this `msg`, parsed. */
export function logged(lines: readonly string[], msg: string): Record<string, unknown> | undefined {
  for (const line of lines) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.msg === msg) return parsed;
    } catch {
      // not a log line
    }
  }
  return undefined;
}
