import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** Set in the child, so it runs the chat instead of relaying again. */
const CHILD_FLAG = "SWITCHBOARD_QUIET_STDERR";

/**
 * libxmtp's SQLCipher writes a warning straight to file descriptor 2 each time a client opens
 * its database (`WARN CORE sqlcipherCodecAttach: no codec attached to db`), which lands in the
 * middle of the terminal chat. Node cannot redirect a native library's stderr in-process, so the
 * command runs again as a child whose stderr passes through here, that line left out.
 *
 * @returns `undefined` in the child (go on and run the chat), or the child's exit code.
 * @example
 * const exitCode = await relayWithoutNativeNoise();
 * if (exitCode !== undefined) return void (process.exitCode = exitCode);
 */
export async function relayWithoutNativeNoise(): Promise<number | undefined> {
  if (process.env[CHILD_FLAG] === "1") return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, [CHILD_FLAG]: "1" },
    stdio: ["inherit", "inherit", "pipe"],
  });
  createInterface({ input: child.stderr }).on("line", (line) => {
    if (!isNativeNoise(line)) process.stderr.write(`${line}\n`);
  });
  // Ctrl-C reaches both processes; the child stops the chat, this one waits for it.
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off("SIGINT", ignore);
  }
}

/**
 * The lines left out: SQLCipher's codec notice, and nothing else.
 *
 * @example
 * isNativeNoise("2026-12-01 15:24:12.080: WARN CORE sqlcipherCodecAttach: no codec attached to db"); // true
 */
export function isNativeNoise(line: string): boolean {
  return /\bWARN CORE sqlcipherCodecAttach: no codec attached to db\s*$/.test(line);
}
