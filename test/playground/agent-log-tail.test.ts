import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LogTail, parseLogLine } from "../../src/playground/agent-log-tail.js";
import { waitFor } from "../../src/testing/wait-for.js";

describe("parseLogLine", () => {
  it("keeps the fields the page shows and folds the rest into details", () => {
    const line = JSON.stringify({
      level: 30,
      time: 1_700_000_000_000,
      pid: 1,
      hostname: "h",
      name: "all-in-one",
      agent: "all-in-one",
      conversationId: "c1",
      messageId: "m1",
      event: "intent",
      skill: "polls",
      poll: 1,
      outcome: "counted",
      msg: "vote",
    });
    expect(parseLogLine(line)).toEqual({
      time: 1_700_000_000_000,
      level: "info",
      msg: "vote",
      conversationId: "c1",
      skill: "polls",
      event: "intent",
      details: "poll=1 outcome=counted",
    });
  });

  it("names levels, shows an error's message without its stack, and skips what is not pino JSON", () => {
    const error = parseLogLine(
      JSON.stringify({
        level: 50,
        time: 1,
        msg: "skill failed",
        err: { type: "Error", message: "boom", stack: "at x" },
      }),
    );
    expect(error).toMatchObject({
      level: "error",
      conversationId: undefined,
      details: "err=boom",
    });
    expect(parseLogLine(JSON.stringify({ level: 40, time: 1 }))).toMatchObject({
      level: "warn",
      msg: "",
      details: "",
    });
    expect(parseLogLine("2026-01-01 WARN CORE something")).toBeUndefined();
    expect(parseLogLine('{"level":30,"ti')).toBeUndefined();
    expect(parseLogLine('{"msg":"no level"}')).toBeUndefined();
  });

  it("quotes values with spaces and writes objects as JSON, logfmt-style", () => {
    const line = parseLogLine(
      JSON.stringify({
        level: 30,
        time: 1,
        reason: "off topic",
        ids: ["a"],
        ok: true,
        moderation: { action: "strike", note: "1/3" },
      }),
    );
    expect(line?.details).toBe(
      'reason="off topic" ids=["a"] ok=true moderation.action=strike moderation.note=1/3',
    );
  });

  it("cuts very long details", () => {
    const line = parseLogLine(JSON.stringify({ level: 30, time: 1, blob: "x".repeat(5000) }));
    expect(line?.details.length).toBe(600);
    expect(line?.details.endsWith("…")).toBe(true);
  });
});

describe("LogTail", () => {
  it("follows appended lines from the end, waits for a line's newline, and survives truncation", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "switchboard-tail-")), "agent.log");
    writeFileSync(file, "from an earlier run\n");
    const lines: string[] = [];
    const tail = await LogTail.start(file, (line) => lines.push(line), { intervalMs: 20 });
    try {
      appendFileSync(file, "one\ntw");
      await waitFor(() => lines.length === 1, { description: "the first line" });
      appendFileSync(file, "o\nthree\n");
      await waitFor(() => lines.length === 3, { description: "the rest" });
      expect(lines).toEqual(["one", "two", "three"]);
      writeFileSync(file, "after rotation\n");
      await waitFor(() => lines.length === 4, { description: "the line after truncation" });
      expect(lines[3]).toBe("after rotation");
    } finally {
      await tail.stop();
    }
  });

  it("waits for a file that does not exist yet", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "switchboard-tail-")), "later.log");
    const lines: string[] = [];
    const tail = await LogTail.start(file, (line) => lines.push(line), { intervalMs: 20 });
    writeFileSync(file, "hello\n");
    await tail.stop();
    expect(lines).toEqual(["hello"]);
  });
});
