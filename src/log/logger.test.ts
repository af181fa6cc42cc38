import { spawnSync } from "node:child_process";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";
import { childLoggerFor, createLogger } from "./logger.js";

const WALLET_KEY = `0x${"a1".repeat(32)}`;
const DB_KEY = `0x${"b2".repeat(32)}`;
const OTHER_PRIVATE_KEY = `0x${"c3".repeat(32)}`;

/** A destination that keeps every line pino writes. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    text: () => lines.join(""),
    records: () => lines.map((line) => JSON.parse(line)),
  };
}

function secretLogger(output = capture()) {
  const logger = createLogger({
    name: "test-agent",
    destination: output.stream,
    secrets: [WALLET_KEY, DB_KEY, undefined],
  });
  return { logger, output };
}

function expectNoSecrets(text: string) {
  for (const key of [WALLET_KEY, DB_KEY]) {
    expect(text).not.toContain(key.slice(2));
    expect(text.toLowerCase()).not.toContain(key.slice(2).toLowerCase());
  }
}

describe("createLogger", () => {
  it("writes JSON lines with name and level", () => {
    const output = capture();
    const logger = createLogger({ name: "pollbot", level: "debug", destination: output.stream });
    logger.debug({ votes: 3 }, "counted");
    logger.trace("too detailed");
    expect(output.records()).toEqual([
      expect.objectContaining({ name: "pollbot", level: 20, votes: 3, msg: "counted" }),
    ]);
  });

  it("redacts secret fields at the top level and one level down", () => {
    const { logger, output } = secretLogger();
    logger.info({
      walletKey: WALLET_KEY,
      dbEncryptionKey: DB_KEY,
      privateKey: OTHER_PRIVATE_KEY,
      identity: { walletKey: WALLET_KEY, dbEncryptionKey: DB_KEY, address: "0xabc" },
      signer: { privateKey: OTHER_PRIVATE_KEY },
    });
    const [record] = output.records();
    expect(record).toMatchObject({
      walletKey: "[redacted]",
      dbEncryptionKey: "[redacted]",
      privateKey: "[redacted]",
      identity: { walletKey: "[redacted]", dbEncryptionKey: "[redacted]", address: "0xabc" },
      signer: { privateKey: "[redacted]" },
    });
    expect(output.text()).not.toContain(OTHER_PRIVATE_KEY);
    expectNoSecrets(output.text());
  });

  it("redacts secret fields at any depth, whatever their value, and nothing else", () => {
    const { logger, output } = secretLogger();
    logger.info({
      deep: { a: { b: { privateKey: OTHER_PRIVATE_KEY, walletKey: 42 } } },
      escaped: { privateKey: `x"y\\${OTHER_PRIVATE_KEY}` },
      note: '{"privateKey":"only text"}',
    });
    const [record] = output.records();
    expect(record).toMatchObject({
      deep: { a: { b: { privateKey: "[redacted]", walletKey: "[redacted]" } } },
      escaped: { privateKey: "[redacted]" },
      note: '{"privateKey":"only text"}',
    });
    expect(output.text()).not.toContain(OTHER_PRIVATE_KEY.slice(2));
  });

  it("redacts a whole config object logged under any name", () => {
    const { logger, output } = secretLogger();
    const config = loadConfig({
      envFile: false,
      env: { XMTP_WALLET_KEY: WALLET_KEY, XMTP_DB_ENCRYPTION_KEY: DB_KEY },
    });
    logger.info({ config }, "starting");
    logger.info({ settings: config });
    logger.info(config);
    const records = output.records();
    for (const logged of [records[0].config, records[1].settings, records[2]]) {
      expect(logged).toMatchObject({
        XMTP_WALLET_KEY: "[redacted]",
        XMTP_DB_ENCRYPTION_KEY: "[redacted]",
        XMTP_ENV: "local",
      });
    }
    expectNoSecrets(output.text());
  });

  it("scrubs known secret values from messages, errors, deep fields and bindings", () => {
    const { logger, output } = secretLogger();
    logger.info(`signing with ${WALLET_KEY}`);
    logger.error(new Error(`invalid key ${DB_KEY.slice(2).toUpperCase()}`), "failed");
    logger.warn({ request: { body: { options: { wallet: WALLET_KEY } } } }, "deep");
    logger.child({ note: `db ${DB_KEY}` }).info("child");
    expect(output.records().map((record) => record.msg)).toEqual([
      "signing with [redacted]",
      "failed",
      "deep",
      "child",
    ]);
    expect(output.records()[1].err.message).toBe("invalid key [redacted]");
    expectNoSecrets(output.text());
  });

  it("keeps other 0x-64-hex values such as transaction hashes", () => {
    const { logger, output } = secretLogger();
    const txHash = `0x${"9f".repeat(32)}`;
    logger.info({ txHash }, "paid");
    expect(output.records()[0].txHash).toBe(txHash);
  });

  it("does not redact generic `key` fields", () => {
    const { logger, output } = secretLogger();
    logger.info({ store: { key: "poll:abc" } });
    expect(output.records()[0].store.key).toBe("poll:abc");
  });

  it("scrubs non-hex secrets as they appear in JSON", () => {
    const output = capture();
    const token = 'sk-"quoted"\\token';
    const logger = createLogger({ name: "t", destination: output.stream, secrets: [token] });
    logger.info({ header: `Bearer ${token}` });
    expect(output.records()[0].header).toBe("Bearer [redacted]");
  });
});

describe("childLoggerFor", () => {
  it("binds agent, conversation, message, skill and event to every line", () => {
    const { logger, output } = secretLogger();
    const child = childLoggerFor(logger, {
      agent: "pollbot",
      conversationId: "conv-1",
      messageId: "msg-1",
      skill: "polls",
      event: "text",
    });
    child.info("handled");
    childLoggerFor(child, { skill: "help" }).info("nested");
    const [first, second] = output.records();
    expect(first).toMatchObject({
      agent: "pollbot",
      conversationId: "conv-1",
      messageId: "msg-1",
      skill: "polls",
      event: "text",
      msg: "handled",
    });
    expect(second).toMatchObject({ conversationId: "conv-1", skill: "help", msg: "nested" });
  });

  it("omits bindings that are not set", () => {
    const { logger, output } = secretLogger();
    childLoggerFor(logger, { conversationId: "conv-1", messageId: undefined }).info("x");
    expect(output.records()[0]).not.toHaveProperty("messageId");
  });

  it("keeps secrets out of child lines too", () => {
    const { logger, output } = secretLogger();
    childLoggerFor(logger, { skill: "wallet" }).info(
      { identity: { walletKey: WALLET_KEY } },
      `key ${WALLET_KEY}`,
    );
    expectNoSecrets(output.text());
    expect(output.records()[0]).toMatchObject({ skill: "wallet", msg: "key [redacted]" });
  });
});

describe("the default stdout destination", () => {
  it("writes every buffered line when the process exits at once", () => {
    const script = [
      `const { createLogger } = await import(${JSON.stringify(new URL("./logger.ts", import.meta.url).href)});`,
      `const log = createLogger({ name: "exiting" });`,
      `for (let i = 0; i < 3; i++) log.info({ i }, "line");`,
      "process.exit(0);",
    ].join("\n");
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
      },
    );
    const lines = child.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    console.log(`${lines.length} of 3 lines written before exit`);
    expect(lines.map((line) => line.i)).toEqual([0, 1, 2]);
  });
});
