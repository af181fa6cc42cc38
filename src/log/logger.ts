import { type DestinationStream, type LevelWithSilent, type Logger, pino } from "pino";

/**
 * Field names whose values never reach a log line, at any depth: a config or identity object
 * logged under any name is caught. `key` is deliberately absent: stores and rate limiters log
 * cache and sender keys, which are not secret and are what one debugs by.
 */
const SECRET_FIELDS = [
  "walletKey",
  "dbEncryptionKey",
  "privateKey",
  "XMTP_WALLET_KEY",
  "XMTP_DB_ENCRYPTION_KEY",
];

/**
 * A secret field and its value in a finished JSON line: a string (escapes included) or a
 * scalar. Inside a string value a quote is escaped, so field-like text there never matches.
 */
const SECRET_FIELD_VALUE = new RegExp(
  `"(${SECRET_FIELDS.join("|")})":(?:"(?:[^"\\\\]|\\\\.)*"|[^,}\\]]+)`,
  "g",
);

const CENSOR = "[redacted]";
const CENSORED_FIELD = `"$1":"${CENSOR}"`;

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Appears as `name` on every line, e.g. the agent's name. */
  name: string;
  /** Defaults to `info`. */
  level?: LevelWithSilent;
  /**
   * Where JSON lines go; defaults to stdout through an asynchronous buffer ({@link stdoutLogDestination}).
   * Tests pass an in-memory stream.
   */
  destination?: DestinationStream;
  /**
   * Secret values (the resolved wallet and DB keys) to cut out of every line wherever they
   * appear: messages, error stacks, deeply nested fields. `undefined` entries are skipped.
   */
  secrets?: readonly (string | undefined)[];
}

/**
 * Creates the root pino logger. Secrets are kept out of each finished line in two ways: the
 * values of known secret field names are censored, and the known secret values are scrubbed
 * wherever they appear, which also covers message text and error stacks. Both are one regex
 * pass over the line: pino's own `redact` with wildcard paths cost about 6 µs per line, more
 * than writing the line itself.
 *
 * A blanket scrub of every `0x` + 64-hex string was considered and rejected: transaction,
 * block and message hashes share that shape, and an agent that pays or verifies needs them in
 * its logs. Scrubbing the actual key values costs one regex pass per line and has no false
 * positives, so resolve the identity first and pass its keys here.
 *
 * @example
 * ```ts
 * const identity = resolveWalletKey(config);
 * const logger = createLogger({
 *   name: "pollbot",
 *   level: config.LOG_LEVEL,
 *   secrets: [identity.walletKey, identity.dbEncryptionKey],
 * });
 * ```
 */
export function createLogger({
  name,
  level = "info",
  destination,
  secrets = [],
}: CreateLoggerOptions): Logger {
  const scrub = secretScrubber(secrets);
  const streamWrite = (line: string) => scrub(line.replace(SECRET_FIELD_VALUE, CENSORED_FIELD));
  return pino({ name, level, hooks: { streamWrite } }, destination ?? stdoutLogDestination());
}

type BufferedDestination = ReturnType<typeof pino.destination>;

let stdout: BufferedDestination | undefined;

/** Lines are written once this much is buffered, or at the latest after {@link FLUSH_EVERY_MS}. */
const BATCH_BYTES = 4096;
const FLUSH_EVERY_MS = 1000;

/**
 * Standard output as every logger of this process writes it by default: one shared, buffered,
 * asynchronous destination. pino's default writes each line with a blocking `write(2)`, which
 * under PM2 (stdout redirected to a file) stalls the event loop once per event; an unbuffered
 * asynchronous one still hands each line to libuv's thread pool. This one writes 4 KB batches,
 * and whatever is buffered at least once a second, so `tail -f` stays live. pino writes what is
 * still buffered synchronously when the process exits (a crash included; pino registers that
 * for every asynchronous destination), so only a `SIGKILL` can lose the last second.
 *
 * @example
 * const logger = pino({ level: "info" }, stdoutLogDestination());
 */
export function stdoutLogDestination(): BufferedDestination {
  if (stdout === undefined) {
    const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES });
    setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
    stdout = destination;
  }
  return stdout;
}

/** What a log line can be bound to; the names are fixed so every line is queryable the same way. */
export interface LogBindings {
  agent?: string;
  conversationId?: string;
  messageId?: string;
  skill?: string;
  event?: string;
}

/**
 * A child logger bound to where work is happening; every line it writes carries the bindings.
 *
 * @example
 * ```ts
 * const log = childLoggerFor(logger, { conversationId: ctx.conversation.id, skill: "polls" });
 * log.info({ options: 3 }, "poll started");
 * ```
 */
export function childLoggerFor(logger: Logger, bindings: LogBindings): Logger {
  return logger.child(bindings);
}

function secretScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const patterns = secrets.flatMap((secret) => (secret ? [secretPattern(secret)] : []));
  if (patterns.length === 0) return (line) => line;
  const pattern = new RegExp(patterns.join("|"), "gi");
  return (line) => line.replace(pattern, CENSOR);
}

function secretPattern(secret: string): string {
  const hex = /^0x([0-9a-f]+)$/i.exec(secret);
  // Libraries print keys without the prefix or in upper case too.
  if (hex !== null) return `(?:0x)?${hex[1]}`;
  // Lines are JSON, so match the secret as JSON would escape it.
  return escapeRegExp(JSON.stringify(secret).slice(1, -1));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
