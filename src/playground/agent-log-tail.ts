import { open, stat } from "node:fs/promises";
import { z } from "zod";
import { isFileNotFound } from "../config/is-file-not-found.js";
import type { LogLineView } from "./playground-protocol.js";

const LEVELS = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
} as const;

/** The fields of a pino line the page shows on their own; the rest go to `details` as key=value. */
const pinoLineSchema = z
  .object({
    level: z.number(),
    time: z.number(),
    msg: z.string().default(""),
    conversationId: z.string().optional(),
    skill: z.string().optional(),
    event: z.string().optional(),
  })
  .loose();

/** Bindings every line carries, which would only repeat on each line of the panel. */
const HIDDEN_FIELDS = new Set([
  "level",
  "time",
  "msg",
  "pid",
  "hostname",
  "name",
  "agent",
  "conversationId",
  "messageId",
  "skill",
  "event",
]);
const MAX_DETAILS = 600;

/**
 * One JSON line of the agent's pino log as the page shows it; undefined for anything that is
 * not a pino line (a partial write, a stray print).
 *
 * @example
 * parseLogLine('{"level":30,"time":1,"conversationId":"c1","msg":"vote","poll":1}');
 * // { time: 1, level: "info", msg: "vote", conversationId: "c1", details: "poll=1", … }
 */
export function parseLogLine(line: string): LogLineView | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = pinoLineSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { level, time, msg, conversationId, skill, event } = parsed.data;
  const rest = Object.fromEntries(
    Object.entries(parsed.data)
      .filter(([key]) => !HIDDEN_FIELDS.has(key))
      // A stack trace is for the terminal; the panel shows what went wrong.
      .map(([key, value]) => (key === "err" ? [key, errorMessage(value)] : [key, value])),
  );
  const details = fieldPairs(rest).join(" ");
  return {
    time,
    level: levelName(level),
    msg,
    conversationId,
    skill,
    event,
    details: details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS - 1)}…` : details,
  };
}

/** Nested objects flatten to dotted keys (`moderation.action=strike`), as logfmt tools do. */
function fieldPairs(fields: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(fields).flatMap(([key, value]) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? fieldPairs(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}=${fieldValue(value)}`],
  );
}

/** `key=value` as logfmt writes it: bare when it can be, quoted when it has spaces or quotes. */
function fieldValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return typeof value === "string" && /[\s"=]/.test(value) ? JSON.stringify(text) : String(text);
}

function levelName(level: number): LogLineView["level"] {
  const known = Object.entries(LEVELS).findLast(([value]) => level >= Number(value));
  return known?.[1] ?? "trace";
}

function errorMessage(err: unknown): unknown {
  const parsed = z.object({ message: z.string() }).safeParse(err);
  return parsed.success ? parsed.data.message : err;
}

/** Options for {@link LogTail.start}. */
export interface LogTailOptions {
  /** Skip what the file already holds (earlier runs share it). Default true. */
  fromEnd?: boolean;
  /** How often to look for new bytes. Default 150 ms. */
  intervalMs?: number;
  /** A read that failed (the file became unreadable); a process warning by default. */
  onError?: (error: Error) => void;
}

/**
 * Follows a log file as `tail -F` does: reads what is appended, line by line, and starts over
 * when the file is truncated or replaced by a shorter one. It polls `stat` rather than using
 * `fs.watch`, which misses writes on some file systems; one stat per interval costs nothing.
 *
 * @example
 * const tail = await LogTail.start(demo.logFile, (line) => console.log(parseLogLine(line)));
 * await tail.stop();
 */
export class LogTail {
  readonly #path: string;
  readonly #onLine: (line: string) => void;
  #offset = 0;
  #partial = "";
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;

  private constructor(path: string, onLine: (line: string) => void) {
    this.#path = path;
    this.#onLine = onLine;
  }

  static async start(
    path: string,
    onLine: (line: string) => void,
    options: LogTailOptions = {},
  ): Promise<LogTail> {
    const tail = new LogTail(path, onLine);
    if (options.fromEnd ?? true) tail.#offset = await sizeOf(path);
    const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
    tail.#timer = setInterval(() => {
      tail.#reading ??= tail
        .#read()
        .catch(onError)
        .finally(() => {
          tail.#reading = undefined;
        });
    }, options.intervalMs ?? 150);
    return tail;
  }

  /** Stops polling after reading what is there, so no line written before `stop` is lost. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#reading;
    await this.#read();
  }

  async #read(): Promise<void> {
    const size = await sizeOf(this.#path);
    if (size < this.#offset) {
      this.#offset = 0;
      this.#partial = "";
    }
    if (size === this.#offset) return;
    const file = await open(this.#path, "r");
    try {
      const buffer = Buffer.alloc(size - this.#offset);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, this.#offset);
      this.#offset += bytesRead;
      const lines = (this.#partial + buffer.subarray(0, bytesRead).toString("utf8")).split("\n");
      // The last piece has no newline yet: the writer is mid-line.
      this.#partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) this.#onLine(line);
    } finally {
      await file.close();
    }
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isFileNotFound(error)) return 0;
    throw error;
  }
}
