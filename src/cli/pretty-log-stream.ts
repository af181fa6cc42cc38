import type { DestinationStream } from "pino";

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO ",
  40: "WARN ",
  50: "ERROR",
  60: "FATAL",
};

const formatValue = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "message" in value) return String(value.message);
  return JSON.stringify(value);
};

/**
 * One pino JSON line as a person reads it in a terminal: `12:00:01.250 INFO  devnode: started
 * port=5556`. Anything that is not a JSON object passes through unchanged.
 *
 * @example
 * formatLogLine('{"level":30,"time":0,"name":"devnode","msg":"up","port":5556}');
 * // "00:00:00.000 INFO  devnode: up  port=5556\n"
 */
export function formatLogLine(line: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (!record || typeof record !== "object" || Array.isArray(record)) return line;
  const {
    level,
    time,
    name,
    msg,
    pid: _pid,
    hostname: _hostname,
    ...fields
  } = record as Record<string, unknown>;
  const clock = typeof time === "number" ? new Date(time).toISOString().slice(11, 23) : "";
  const label = LEVEL_NAMES[level as number] ?? String(level);
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(" ");
  return `${clock} ${label} ${name ? `${name}: ` : ""}${msg ?? ""}${extra ? `  ${extra}` : ""}\n`;
}

/**
 * A pino destination writing {@link formatLogLine}s: the devnode in a terminal. Pipes and
 * files keep pino's JSON, which log tools parse.
 *
 * @example
 * const logger = pino({ name: "devnode" }, prettyLogStream());
 */
export function prettyLogStream(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return { write: (line: string) => out.write(formatLogLine(line)) };
}
