import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import { configSchema, type SwitchboardConfig, secretConfigKeys } from "./config-schema.js";
import { loadConfig } from "./load-config.js";

const WALLET_KEY = `0x${"ab".repeat(32)}`;
const DB_KEY = `0x${"cd".repeat(32)}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configError(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isSwitchboardError(error, "SB_ERR_CONFIG_INVALID")) return error;
    throw error;
  }
  throw new Error("expected SB_ERR_CONFIG_INVALID");
}

describe("loadConfig", () => {
  it("applies defaults to an empty environment", () => {
    const config = loadConfig({ env: {}, envFile: false });
    expect(config).toEqual({
      XMTP_ENV: "local",
      LOG_LEVEL: "info",
      SWITCHBOARD_CONCURRENCY: 64,
      SWITCHBOARD_DRAIN_TIMEOUT_MS: 10_000,
    });
    expectTypeOf(config).toEqualTypeOf<SwitchboardConfig>();
  });

  it("parses and coerces every variable", () => {
    const config = loadConfig({
      envFile: false,
      env: {
        XMTP_ENV: "production",
        XMTP_WALLET_KEY: WALLET_KEY,
        XMTP_DB_ENCRYPTION_KEY: DB_KEY,
        SWITCHBOARD_DATA_DIR: "/var/lib/switchboard",
        LOG_LEVEL: "debug",
        SWITCHBOARD_CONCURRENCY: "32",
        SWITCHBOARD_DRAIN_TIMEOUT_MS: "2500",
        METRICS_PORT: "9464",
        REDIS_URL: "rediss://cache.example:6380/0",
        UNRELATED: "ignored",
      },
    });
    expect(config).toEqual({
      XMTP_ENV: "production",
      XMTP_WALLET_KEY: WALLET_KEY,
      XMTP_DB_ENCRYPTION_KEY: DB_KEY,
      SWITCHBOARD_DATA_DIR: "/var/lib/switchboard",
      LOG_LEVEL: "debug",
      SWITCHBOARD_CONCURRENCY: 32,
      SWITCHBOARD_DRAIN_TIMEOUT_MS: 2500,
      METRICS_PORT: 9464,
      REDIS_URL: "rediss://cache.example:6380/0",
    });
    expectTypeOf(config.XMTP_WALLET_KEY).toEqualTypeOf<`0x${string}` | undefined>();
    expectTypeOf(config.METRICS_PORT).toEqualTypeOf<number | undefined>();
  });

  it("treats empty values as unset", () => {
    const config = loadConfig({ envFile: false, env: { METRICS_PORT: "", XMTP_WALLET_KEY: "" } });
    expect(config.METRICS_PORT).toBeUndefined();
    expect(config.XMTP_WALLET_KEY).toBeUndefined();
  });

  it("names every bad variable with its reason", () => {
    const error = configError(() =>
      loadConfig({
        envFile: false,
        env: {
          XMTP_ENV: "staging",
          SWITCHBOARD_CONCURRENCY: "1000",
          SWITCHBOARD_DRAIN_TIMEOUT_MS: "soon",
          LOG_LEVEL: "verbose",
          METRICS_PORT: "70000",
          REDIS_URL: "http://cache.example",
          SWITCHBOARD_REPLICA_ID: "a/b",
          XMTP_WALLET_KEY: "0x1234",
          XMTP_DB_ENCRYPTION_KEY: "not-a-key",
        },
      }),
    );
    expect(error.message).toBe(
      [
        "Invalid configuration:",
        '  - XMTP_ENV: Invalid option: expected one of "local"|"dev"|"production"',
        "  - XMTP_WALLET_KEY: must be 0x followed by 64 hex digits",
        "  - XMTP_DB_ENCRYPTION_KEY: must be 0x followed by 64 hex digits",
        '  - LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
        "  - SWITCHBOARD_CONCURRENCY: Too big: expected number to be <=256",
        "  - SWITCHBOARD_DRAIN_TIMEOUT_MS: Invalid input: expected number, received NaN",
        "  - METRICS_PORT: Too big: expected number to be <=65535",
        "  - REDIS_URL: must be a redis:// or rediss:// URL",
        "  - SWITCHBOARD_REPLICA_ID: letters, digits, '_', '.' or '-', at most 64",
      ].join("\n"),
    );
    expect(error.context).toContainEqual({
      variable: "SWITCHBOARD_CONCURRENCY",
      reason: "Too big: expected number to be <=256",
    });
  });

  it("joins several reasons for one variable on one line", () => {
    const schema = configSchema.extend({
      BOT_NAME: z
        .string()
        .min(3)
        .regex(/^[a-z]+$/),
    });
    const error = configError(() => loadConfig({ schema, envFile: false, env: { BOT_NAME: "B" } }));
    expect(error.message).toBe(
      "Invalid configuration:\n  - BOT_NAME: Too small: expected string to have >=3 characters; Invalid string: must match pattern /^[a-z]+$/",
    );
  });

  it("never puts secret values in the error, even when malformed", () => {
    const almostWallet = `0x${"ab".repeat(31)}zz`;
    const tooLongDbKey = `${DB_KEY}ff`;
    const error = configError(() =>
      loadConfig({
        envFile: false,
        env: { XMTP_WALLET_KEY: almostWallet, XMTP_DB_ENCRYPTION_KEY: tooLongDbKey },
      }),
    );
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error.context)}\n${String(error.cause)}`;
    for (const secret of [almostWallet, tooLongDbKey, "ab".repeat(31), DB_KEY.slice(2)]) {
      expect(everything).not.toContain(secret);
    }
    expect(error.message).toContain("XMTP_WALLET_KEY");
    expect(error.message).toContain("XMTP_DB_ENCRYPTION_KEY");
  });

  it("redacts secrets an extension's own message would echo", () => {
    const schema = configSchema.extend({
      API_TOKEN: z.string().refine((token) => token.startsWith("sk-"), {
        error: (issue) => `token ${String(issue.input)} must start with sk-`,
      }),
    });
    const error = configError(() =>
      loadConfig({
        schema,
        envFile: false,
        env: { API_TOKEN: "hunter2-secret" },
        secretKeys: [...secretConfigKeys, "API_TOKEN"],
      }),
    );
    expect(error.message).toBe(
      "Invalid configuration:\n  - API_TOKEN: token [redacted] must start with sk-",
    );
  });

  it("loads an extended schema with typed extra fields", () => {
    const schema = configSchema.extend({ GREETING: z.string().default("gm") });
    const config = loadConfig({ schema, envFile: false, env: {} });
    expect(config.GREETING).toBe("gm");
    expect(config.SWITCHBOARD_CONCURRENCY).toBe(64);
    expectTypeOf(config.GREETING).toEqualTypeOf<string>();
  });

  it("reports a missing required variable by name", () => {
    const schema = configSchema.extend({ API_TOKEN: z.string() });
    const error = configError(() => loadConfig({ schema, envFile: false, env: {} }));
    expect(error.message).toMatch(/^ {2}- API_TOKEN: /m);
  });
});

describe("loadConfig with an env file", () => {
  it("reads the file, letting real environment variables win", () => {
    const envFile = join(dir, ".env");
    writeFileSync(
      envFile,
      [
        "# comment",
        "XMTP_ENV=dev",
        'SWITCHBOARD_DATA_DIR="/srv/data"',
        "SWITCHBOARD_CONCURRENCY=4",
        "export LOG_LEVEL=warn",
        "METRICS_PORT=",
      ].join("\n"),
    );
    const config = loadConfig({ envFile, env: { SWITCHBOARD_CONCURRENCY: "8" } });
    expect(config).toMatchObject({
      XMTP_ENV: "dev",
      SWITCHBOARD_DATA_DIR: "/srv/data",
      SWITCHBOARD_CONCURRENCY: 8,
      LOG_LEVEL: "warn",
    });
    expect(config.METRICS_PORT).toBeUndefined();
  });

  it("does not write the file into process.env", () => {
    const envFile = join(dir, ".env");
    writeFileSync(envFile, "SWITCHBOARD_TEST_ONLY_VARIABLE=1\n");
    loadConfig({ envFile, env: {} });
    expect(process.env.SWITCHBOARD_TEST_ONLY_VARIABLE).toBeUndefined();
  });

  it("ignores a missing file", () => {
    expect(loadConfig({ envFile: join(dir, "absent.env"), env: {} }).XMTP_ENV).toBe("local");
  });

  it("names bad variables that came from the file", () => {
    const envFile = join(dir, ".env");
    writeFileSync(envFile, `XMTP_WALLET_KEY=${WALLET_KEY.slice(0, -2)}\n`);
    const error = configError(() => loadConfig({ envFile, env: {} }));
    expect(error.message).toContain("XMTP_WALLET_KEY: must be 0x followed by 64 hex digits");
    expect(error.message).not.toContain(WALLET_KEY.slice(2, -2));
  });

  it("fails with a config error when the file cannot be read", () => {
    const envFile = join(dir, "a-directory");
    mkdirSync(envFile);
    const error = configError(() => loadConfig({ envFile, env: {} }));
    expect(error.message).toBe(`Cannot read env file ${envFile}`);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
