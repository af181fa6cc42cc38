import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Address, bytesToHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { SwitchboardConfig } from "./config-schema.js";
import { hexKey } from "./hex-key.js";
import { isFileNotFound } from "./is-file-not-found.js";

/** The stored identity uses the env variable names, so it can be pasted into `.env` as is. */
const identityFileSchema = z.object({
  XMTP_WALLET_KEY: hexKey,
  XMTP_DB_ENCRYPTION_KEY: hexKey,
});

/** A fresh agent identity, as printed by the keygen command. */
export interface GeneratedKeys {
  XMTP_WALLET_KEY: Hex;
  XMTP_DB_ENCRYPTION_KEY: Hex;
  /** The wallet's public address, safe to share. */
  address: Address;
}

/** The keys an agent runs with, and where they came from. */
export interface ResolvedIdentity {
  walletKey: Hex;
  /** Absent when the wallet key is configured without one: the XMTP database is then unencrypted. */
  dbEncryptionKey: Hex | undefined;
  address: Address;
  /** `config`: from env; `file`: reused from `identity.json`; `generated`: just created there. */
  source: "config" | "file" | "generated";
}

/**
 * Generates a wallet key and a database encryption key.
 *
 * @example
 * ```ts
 * const keys = generateKeys();
 * process.stdout.write(formatEnvFile(keys));
 * ```
 */
export function generateKeys(): GeneratedKeys {
  const walletKey = generatePrivateKey();
  return {
    XMTP_WALLET_KEY: walletKey,
    XMTP_DB_ENCRYPTION_KEY: bytesToHex(randomBytes(32)),
    address: privateKeyToAccount(walletKey).address,
  };
}

/**
 * Renders keys as dotenv lines, with the public address as a comment.
 *
 * @example
 * ```ts
 * writeFileSync(".env", formatEnvFile(generateKeys()), { mode: 0o600 });
 * ```
 */
export function formatEnvFile(keys: GeneratedKeys): string {
  return [
    "# Switchboard agent identity. Keep this file secret.",
    `# Address: ${keys.address}`,
    `XMTP_WALLET_KEY=${keys.XMTP_WALLET_KEY}`,
    `XMTP_DB_ENCRYPTION_KEY=${keys.XMTP_DB_ENCRYPTION_KEY}`,
    "",
  ].join("\n");
}

/**
 * Where a generated identity is kept.
 *
 * @example
 * ```ts
 * identityFilePath(".data"); // ".data/identity.json"
 * ```
 */
export function identityFilePath(dataDir: string): string {
  return join(dataDir, "identity.json");
}

/**
 * The agent's keys: the configured wallet key if there is one; otherwise the identity kept in
 * `<dataDir>/identity.json`, created (mode 0600) on first run so the agent keeps its inbox
 * across restarts. A configured `XMTP_DB_ENCRYPTION_KEY` wins over the stored one.
 * Agents resolve their data dir first (see `withAgentDataDir`); other tools need it set.
 *
 * @throws {@link SwitchboardError} `SB_ERR_IDENTITY_FILE` when the file is unreadable, malformed
 * or cannot be written; `SB_ERR_CONFIG_INVALID` when neither a wallet key nor a data dir is set.
 * @example
 * ```ts
 * const identity = resolveWalletKey(config);
 * logger.info({ address: identity.address, source: identity.source }, "identity ready");
 * ```
 */
export function resolveWalletKey(
  config: Pick<
    SwitchboardConfig,
    "XMTP_WALLET_KEY" | "XMTP_DB_ENCRYPTION_KEY" | "SWITCHBOARD_DATA_DIR"
  >,
): ResolvedIdentity {
  if (config.XMTP_WALLET_KEY !== undefined) {
    return identity(config.XMTP_WALLET_KEY, config.XMTP_DB_ENCRYPTION_KEY, "config");
  }
  if (config.SWITCHBOARD_DATA_DIR === undefined) {
    // Each agent keeps its identity in its own folder; a tool outside an agent must be told which.
    throw new SwitchboardError(
      "SB_ERR_CONFIG_INVALID",
      "no identity to use: set SWITCHBOARD_DATA_DIR to the agent's data dir (agents keep theirs in .data/<name>), or XMTP_WALLET_KEY",
    );
  }
  const path = identityFilePath(config.SWITCHBOARD_DATA_DIR);
  const stored = readIdentityFile(path);
  const keys = stored ?? createIdentityFile(path);
  return identity(
    keys.XMTP_WALLET_KEY,
    config.XMTP_DB_ENCRYPTION_KEY ?? keys.XMTP_DB_ENCRYPTION_KEY,
    stored === undefined ? "generated" : "file",
  );
}

/**
 * The XMTP database file for one inbox. Env and inbox id are both in the name because a
 * database belongs to exactly one installation on one network; sharing it corrupts both.
 *
 * @example
 * ```ts
 * const dbPath = (inboxId: string) => xmtpDbPath(config.SWITCHBOARD_DATA_DIR, config.XMTP_ENV, inboxId);
 * ```
 */
export function xmtpDbPath(
  dataDir: string,
  env: SwitchboardConfig["XMTP_ENV"],
  inboxId: string,
): string {
  return join(dataDir, `xmtp-${env}-${inboxId}.db3`);
}

function identity(
  walletKey: Hex,
  dbEncryptionKey: Hex | undefined,
  source: ResolvedIdentity["source"],
): ResolvedIdentity {
  return { walletKey, dbEncryptionKey, address: privateKeyToAccount(walletKey).address, source };
}

function readIdentityFile(path: string): z.output<typeof identityFileSchema> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (isFileNotFound(error)) return undefined;
    throw identityError(`Cannot read ${path}`, error);
  }
  // Report which fields are wrong, never the text: it holds the keys.
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw identityError(`${path} is not valid JSON`);
  }
  const parsed = identityFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)");
  throw identityError(`${path} is malformed: check ${[...new Set(fields)].join(", ")}`);
}

function createIdentityFile(path: string): z.output<typeof identityFileSchema> {
  const { XMTP_WALLET_KEY, XMTP_DB_ENCRYPTION_KEY } = generateKeys();
  const keys = { XMTP_WALLET_KEY, XMTP_DB_ENCRYPTION_KEY };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // `wx` refuses to overwrite: replacing an identity would silently lose the agent's inbox.
    writeFileSync(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    throw identityError(`Cannot write ${path}`, error);
  }
  return keys;
}

function identityError(message: string, cause?: unknown): SwitchboardError<"SB_ERR_IDENTITY_FILE"> {
  return new SwitchboardError(
    "SB_ERR_IDENTITY_FILE",
    message,
    cause === undefined ? {} : { cause },
  );
}
