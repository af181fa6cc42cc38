import { describe, expect, it } from "vitest";
import { firstMatch } from "./regex-sandbox.js";

describe("firstMatch", () => {
  it("returns the index of the first matching pattern, or -1", () => {
    expect(firstMatch([/spam/iu, /scam/iu], "no SCAM here", 100)).toBe(1);
    expect(firstMatch([/spam/iu], "all good", 100)).toBe(-1);
    expect(firstMatch([], "anything", 100)).toBe(-1);
  });

  it("interrupts a catastrophic pattern within its budget", () => {
    // (a+)+$ would take longer than the age of the universe on this input.
    const started = performance.now();
    const result = firstMatch([/(a+)+$/u], `${"a".repeat(64)}!`, 50);
    const elapsed = performance.now() - started;
    expect(result).toBe("timeout");
    expect(elapsed).toBeLessThan(2_000);
  });

  it("interrupts a polynomial pattern the static check cannot see", () => {
    // Three adjacent unbounded quantifiers: seconds on a few thousand characters.
    expect(firstMatch([/.*.*.*x/u], "a".repeat(4000), 50)).toBe("timeout");
  });

  it("is usable again after a timeout", () => {
    firstMatch([/(a+)+$/u], `${"a".repeat(64)}!`, 20);
    expect(firstMatch([/b/u], "abc", 100)).toBe(0);
  });
});
