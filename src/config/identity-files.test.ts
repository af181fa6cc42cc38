import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import {
  formatEnvFile,
  generateKeys,
  identityFilePath,
  resolveWalletKey,
  xmtpDbPath,
} from "./identity-files.js";
import { loadConfig } from "./load-config.js";

const HEX_KEY = /^0x[0-9a-f]{64}$/;
const WALLET_KEY = `0x${"11".repeat(32)}` as const;
const DB_KEY = `0x${"22".repeat(32)}` as const;

let dataDir: string;
beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), "switchboard-identity-")), "data");
});
afterEach(() => {
  rmSync(join(dataDir, ".."), { recursive: true, force: true });
});

const unset = { XMTP_WALLET_KEY: undefined, XMTP_DB_ENCRYPTION_KEY: undefined };

describe("resolveWalletKey", () => {
  it("uses the configured keys without touching the data dir", () => {
    const identity = resolveWalletKey({
      XMTP_WALLET_KEY: WALLET_KEY,
      XMTP_DB_ENCRYPTION_KEY: DB_KEY,
      SWITCHBOARD_DATA_DIR: dataDir,
    });
    expect(identity).toEqual({
      walletKey: WALLET_KEY,
      dbEncryptionKey: DB_KEY,
      address: privateKeyToAccount(WALLET_KEY).address,
      source: "config",
    });
    expect(() => statSync(dataDir)).toThrow();
  });

  it("leaves the database unencrypted when only a wallet key is configured", () => {
    const identity = resolveWalletKey({
      ...unset,
      XMTP_WALLET_KEY: WALLET_KEY,
      SWITCHBOARD_DATA_DIR: dataDir,
    });
    expect(identity.dbEncryptionKey).toBeUndefined();
  });

  it("generates an identity, saves it with mode 0600, and reuses it", () => {
    const first = resolveWalletKey({ ...unset, SWITCHBOARD_DATA_DIR: dataDir });
    expect(first.source).toBe("generated");
    expect(first.walletKey).toMatch(HEX_KEY);
    expect(first.dbEncryptionKey).toMatch(HEX_KEY);
    expect(first.address).toBe(privateKeyToAccount(first.walletKey).address);

    const path = identityFilePath(dataDir);
    expect(path).toBe(join(dataDir, "identity.json"));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      XMTP_WALLET_KEY: first.walletKey,
      XMTP_DB_ENCRYPTION_KEY: first.dbEncryptionKey,
    });

    const second = resolveWalletKey({ ...unset, SWITCHBOARD_DATA_DIR: dataDir });
    expect(second).toEqual({ ...first, source: "file" });
  });

  it("lets a configured database key win over the stored one", () => {
    resolveWalletKey({ ...unset, SWITCHBOARD_DATA_DIR: dataDir });
    const identity = resolveWalletKey({
      ...unset,
      XMTP_DB_ENCRYPTION_KEY: DB_KEY,
      SWITCHBOARD_DATA_DIR: dataDir,
    });
    expect(identity).toMatchObject({ dbEncryptionKey: DB_KEY, source: "file" });
  });

  it("rejects a malformed identity file without echoing its contents", () => {
    resolveWalletKey({ ...unset, SWITCHBOARD_DATA_DIR: dataDir });
    const path = identityFilePath(dataDir);
    const secret = `0x${"ab".repeat(31)}`;
    for (const [contents, problem] of [
      [
        `{"XMTP_WALLET_KEY":"${secret}","XMTP_DB_ENCRYPTION_KEY":"${DB_KEY}"}`,
        "check XMTP_WALLET_KEY",
      ],
      [`{"XMTP_WALLET_KEY":"${secret}`, "is not valid JSON"],
    ] as const) {
      writeFileSync(path, contents);
      let caught: unknown;
      try {
        resolveWalletKey({ ...unset, SWITCHBOARD_DATA_DIR: dataDir });
      } catch (error) {
        caught = error;
      }
      expect(isSwitchboardError(caught, "SB_ERR_IDENTITY_FILE")).toBe(true);
      const error = caught as Error;
      expect(error.message).toContain(problem);
      expect(`${error.message}${error.stack}${String(error.cause)}`).not.toContain(secret.slice(2));
      expect(`${error.message}${error.stack}`).not.toContain(DB_KEY.slice(2));
    }
  });
});

describe("xmtpDbPath", () => {
  it("puts env and inbox id in the file name", () => {
    expect(xmtpDbPath("/srv/data", "dev", "a1b2c3")).toBe("/srv/data/xmtp-dev-a1b2c3.db3");
    expect(xmtpDbPath(".data", "production", "ff")).toBe(join(".data", "xmtp-production-ff.db3"));
  });
});

describe("generateKeys and formatEnvFile", () => {
  it("generates distinct valid keys and the matching address", () => {
    const keys = generateKeys();
    expect(keys.XMTP_WALLET_KEY).toMatch(HEX_KEY);
    expect(keys.XMTP_DB_ENCRYPTION_KEY).toMatch(HEX_KEY);
    expect(keys.XMTP_WALLET_KEY).not.toBe(keys.XMTP_DB_ENCRYPTION_KEY);
    expect(keys.address).toBe(privateKeyToAccount(keys.XMTP_WALLET_KEY).address);
    expect(generateKeys().XMTP_WALLET_KEY).not.toBe(keys.XMTP_WALLET_KEY);
  });

  it("renders an env file that loadConfig reads back", () => {
    const keys = generateKeys();
    const text = formatEnvFile(keys);
    expect(text).toBe(
      [
        "# Switchboard agent identity. Keep this file secret.",
        `# Address: ${keys.address}`,
        `XMTP_WALLET_KEY=${keys.XMTP_WALLET_KEY}`,
        `XMTP_DB_ENCRYPTION_KEY=${keys.XMTP_DB_ENCRYPTION_KEY}`,
        "",
      ].join("\n"),
    );
    expect(parseEnv(text)).toEqual({
      XMTP_WALLET_KEY: keys.XMTP_WALLET_KEY,
      XMTP_DB_ENCRYPTION_KEY: keys.XMTP_DB_ENCRYPTION_KEY,
    });

    const envFile = join(dataDir, "..", ".env");
    writeFileSync(envFile, text);
    expect(loadConfig({ envFile, env: {} })).toMatchObject({
      XMTP_WALLET_KEY: keys.XMTP_WALLET_KEY,
      XMTP_DB_ENCRYPTION_KEY: keys.XMTP_DB_ENCRYPTION_KEY,
    });
  });
});
