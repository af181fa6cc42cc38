import { writeSync } from "node:fs";
import type { Logger } from "pino";
import type { ConfigProblem } from "../config/load-config.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { isSwitchboardError } from "../errors/switchboard-error.js";

/**
 * A process that cannot start, or that crashed, says so in ONE line on stderr (what is wrong,
 * what to do) and exits non-zero, so that an operator reads the cause and PM2 or systemd marks
 * it errored and restarts it with backoff. The stack follows only with `LOG_LEVEL=debug`.
 */

/** One failure, explained: the code to grep for and the line to show. */
export interface FatalReport {
  code: ErrorCode;
  message: string;
}

/** libxmtp's wording when nothing answers at the node's address. */
const UNREACHABLE =
  /tcp connect error|connection refused|transport error|dns error|error trying to connect|ECONNREFUSED/i;

/**
 * Turns what was thrown into one line of advice. Switchboard's own errors already say what is
 * wrong; a few foreign ones (libxmtp's connect errors, Node's missing module) are recognised
 * and reworded; anything else is named with its first line.
 *
 * @example
 * describeFatal(error, { XMTP_ENV: "local" }).message;
 * // "no XMTP node at localhost:5556 — start one with `switchboard devnode` (or `npm run devnode`)"
 */
export function describeFatal(error: unknown, env: NodeJS.Dict<string> = process.env): FatalReport {
  if (isSwitchboardError(error, "SB_ERR_CONFIG_INVALID") && Array.isArray(error.context)) {
    const problems = (error.context as ConfigProblem[])
      .map(({ variable, reason }) => `${variable}: ${reason}`)
      .join("; ");
    return {
      code: error.code,
      message: `invalid configuration: ${problems} — fix it in .env or the environment`,
    };
  }
  if (isSwitchboardError(error)) return { code: error.code, message: oneLine(error.message) };
  const text = messageOf(error);
  if (UNREACHABLE.test(text)) {
    const network = env.XMTP_ENV || "local";
    return {
      code: "SB_ERR_XMTP_UNREACHABLE",
      message:
        network === "local"
          ? "no XMTP node at localhost:5556 — start one with `switchboard devnode` (or `npm run devnode`)"
          : `cannot reach the XMTP ${network} network (${firstLine(text)}) — check the connection and XMTP_ENV`,
    };
  }
  const code = (error as { code?: unknown })?.code;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "ENOENT") {
    return {
      code: "SB_ERR_STARTUP_FAILED",
      message: `${firstLine(text)} — check the path`,
    };
  }
  return { code: "SB_ERR_STARTUP_FAILED", message: firstLine(text) };
}

/**
 * Prints `<who>: <message> (<code>)` to stderr (the stack too with `LOG_LEVEL=debug`) and exits
 * with status 1.
 *
 * @example
 * createAgent(options).catch((error) => exitFatally("pollbot", error));
 */
export function exitFatally(who: string, error: unknown, report = describeFatal(error)): never {
  // Synchronous: `process.exit` must not cut the line short on a pipe.
  writeSync(2, `${who}: ${report.message} (${report.code})\n`);
  if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") {
    writeSync(2, `${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}

/**
 * Treats an error that escaped every handler as the crash it is: one line with `SB_ERR_CRASH`
 * (plus a fatal log line once a logger is known), exit status 1, and the supervisor restarts
 * the process. Keeping a process running after an unknown failure hides it; a skill's own
 * failures never get here, the runtime's error boundaries catch those.
 *
 * @example
 * const crashes = installCrashHandlers("pollbot");
 * crashes.useLogger(agent.logger);
 */
export function installCrashHandlers(who: string): { useLogger(logger: Logger): void } {
  let logger: Logger | undefined;
  const crash = (error: unknown, origin: string) => {
    const report = describeFatal(error);
    const crashed: FatalReport = {
      code: report.code === "SB_ERR_STARTUP_FAILED" ? "SB_ERR_CRASH" : report.code,
      message: `${origin === "unhandledRejection" ? "unhandled rejection" : "uncaught exception"}: ${report.message}`,
    };
    logger?.fatal({ err: error, code: crashed.code }, crashed.message);
    logger?.flush();
    exitFatally(who, error, crashed);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", (reason) => crash(reason, "unhandledRejection"));
  return {
    useLogger: (next) => {
      logger = next;
    },
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause === undefined ? "" : ` ${messageOf(error.cause)}`;
    return `${error.message}${cause}`;
  }
  return String(error);
}

function firstLine(text: string): string {
  return oneLine(text.split("\n")[0] ?? text);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ").trim();
}
