import { describe, expect, it } from "vitest";
import { formatLogLine } from "./pretty-log-stream.js";

describe("formatLogLine", () => {
  it("reads as a line of text in a terminal", () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 0, 1, 12, 0, 1, 250),
      pid: 1,
      hostname: "h",
      name: "devnode",
      msg: "frame refused",
      bytes: 2048,
      err: { message: "too big", stack: "..." },
    });
    expect(formatLogLine(line)).toBe(
      "12:00:01.250 WARN  devnode: frame refused  bytes=2048 err=too big\n",
    );
    expect(formatLogLine("not json\n")).toBe("not json\n");
  });
});
