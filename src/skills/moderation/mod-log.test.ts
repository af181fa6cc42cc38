import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../index.js";
import { formatModLogEntry, ModLog } from "./mod-log.js";

describe("ModLog", () => {
  it("returns the newest entries, oldest first, and keeps only the newest `keep`", async () => {
    const log = new ModLog(createMemoryStore(), 10);
    for (let i = 1; i <= 13; i++)
      await log.append("g", { at: i, action: "strike", by: "auto", note: `${i}` });
    await log.append("other", { at: 0, action: "kick", by: "x" });
    expect((await log.latest("g", 3)).map((entry) => entry.note)).toEqual(["11", "12", "13"]);
    expect((await log.latest("g", 50)).map((entry) => entry.note)).toEqual([
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "10",
      "11",
      "12",
      "13",
    ]);
  });

  it("formats an entry with time, action, member, rule and who", () => {
    const line = formatModLogEntry({
      at: Date.UTC(2025, 4, 1, 12, 0, 3),
      action: "strike",
      by: "auto",
      member: "0x1234…5678",
      rule: "rule #1 (blocked words)",
      note: "1/3",
    });
    expect(line).toBe(
      "2025-05-01 12:00:03 UTC · strike · 0x1234…5678 · rule #1 (blocked words) · 1/3 · by me (automatic)",
    );
  });
});
