import { describe, expect, it } from "vitest";
import { fakeClock } from "./fake-clock.js";
import { memoryWindows } from "./memory-windows.js";

const minute = { points: 2, durationMs: 60_000 };

describe("memoryWindows", () => {
  it("answers synchronously, never with a promise", () => {
    const windows = memoryWindows([{ name: "sender", rule: minute }]);
    expect(windows.firstSighting("m1")).toBe(true);
    expect(windows.buckets[0]!.take("alice")).toBeUndefined();
    expect(windows.buckets[0]!.takeAnswer("alice", 1_000)).toBe(true);
  });

  it("sees each message once for as long as the longest window", () => {
    const clock = fakeClock();
    const windows = memoryWindows(
      [
        { name: "sender", rule: { points: 1, durationMs: 10_000 } },
        { name: "global", rule: { points: 1, durationMs: 30_000 } },
      ],
      clock.now,
    );
    expect(windows.firstSighting("m1")).toBe(true);
    expect(windows.firstSighting("m1")).toBe(false);
    expect(windows.firstSighting("m2")).toBe(true);
    clock.advance(29_999);
    expect(windows.firstSighting("m1")).toBe(false);
    clock.advance(1);
    expect(windows.firstSighting("m1")).toBe(true);
  });

  it("keeps each limit's counts apart, for the same key", () => {
    const clock = fakeClock();
    const windows = memoryWindows(
      [
        { name: "sender", rule: { points: 1, durationMs: 10_000 } },
        { name: "conversation", rule: { points: 2, durationMs: 10_000 } },
      ],
      clock.now,
    );
    const [sender, conversation] = windows.buckets;
    expect(sender!.take("x")).toBeUndefined();
    expect(sender!.take("x")).toBe(10_000);
    expect(conversation!.take("x")).toBeUndefined();
    expect(conversation!.take("x")).toBeUndefined();
    expect(conversation!.take("x")).toBe(10_000);
  });

  it("allows one answer per key for the duration asked, apart from the count", () => {
    const clock = fakeClock();
    const windows = memoryWindows([{ name: "sender", rule: minute }], clock.now);
    const [sender] = windows.buckets;
    for (let i = 0; i < 3; i++) sender!.take("alice");
    expect(sender!.takeAnswer("alice", 60_000)).toBe(true);
    expect(sender!.takeAnswer("alice", 60_000)).toBe(false);
    expect(sender!.takeAnswer("bob", 60_000)).toBe(true);
    clock.advance(59_999);
    expect(sender!.takeAnswer("alice", 60_000)).toBe(false);
    clock.advance(1);
    expect(sender!.take("alice")).toBeUndefined();
    expect(sender!.takeAnswer("alice", 60_000)).toBe(true);
  });
});
