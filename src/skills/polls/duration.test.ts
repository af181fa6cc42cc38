import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["10m", 600_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["1h30m", 5_400_000],
    ["10M", 600_000],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "10", "m", "10x", "-5m", "1.5h", "0s", "10 m", "soon", "1234567m"])(
    "refuses %j",
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe("formatDuration", () => {
  it.each([
    [1_000, "1 second"],
    [600_000, "10 minutes"],
    [5_400_000, "1 hour 30 minutes"],
    [90_061_000, "1 day 1 hour"],
    [400, "less than a second"],
  ])("says %i ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
