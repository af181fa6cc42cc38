import { describe, expect, it } from "vitest";
import { fakeClock } from "./fake-clock.js";
import { FixedWindows } from "./fixed-windows.js";

describe("FixedWindows", () => {
  it("grants the points of a window, then refuses with the time left in it", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 3, durationMs: 10_000, now: clock.now });
    expect([windows.take("alice"), windows.take("alice"), windows.take("alice")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    clock.advance(4_000);
    expect(windows.take("alice")).toBe(6_000);
    clock.advance(5_999);
    expect(windows.take("alice")).toBe(1);
  });

  it("opens the window at the key's first point, not on a shared tick", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 1, durationMs: 10_000, now: clock.now });
    windows.take("alice");
    clock.advance(7_000);
    windows.take("bob");
    expect(windows.take("alice")).toBe(3_000);
    expect(windows.take("bob")).toBe(10_000);
  });

  it("starts afresh when the window ends, with a full allowance", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 2, durationMs: 10_000, now: clock.now });
    windows.take("alice");
    windows.take("alice");
    expect(windows.take("alice")).toBe(10_000);
    clock.advance(10_000);
    expect(windows.take("alice")).toBeUndefined();
    expect(windows.take("alice")).toBeUndefined();
    expect(windows.take("alice")).toBe(10_000);
  });

  it("counts each key on its own", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 1, durationMs: 10_000, now: clock.now });
    expect(windows.take("alice")).toBeUndefined();
    expect(windows.take("bob")).toBeUndefined();
    expect(windows.take("alice")).toBe(10_000);
  });

  it("opens a window of the duration given for that point", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 1, durationMs: 60_000, now: clock.now });
    expect(windows.take("alice", 3_000)).toBeUndefined();
    expect(windows.take("alice", 3_000)).toBe(3_000);
    clock.advance(3_000);
    expect(windows.take("alice")).toBeUndefined();
    expect(windows.take("alice")).toBe(60_000);
  });

  it("sweeps finished windows once a minute as windows open, so one-off keys do not pile up", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 1, durationMs: 60_000, now: clock.now });
    for (let i = 0; i < 100; i++) windows.take(`sender-${i}`);
    expect(windows.size).toBe(100);
    clock.advance(30_000);
    windows.take("late");
    expect(windows.size).toBe(101);
    // The hundred windows end exactly now, a minute after the first sweep.
    clock.advance(30_000);
    windows.take("later");
    expect(windows.size).toBe(2);
    expect(windows.take("later")).toBe(60_000);
  });

  it("keeps running windows through a sweep", () => {
    const clock = fakeClock();
    const windows = new FixedWindows({ points: 1, durationMs: 120_000, now: clock.now });
    windows.take("first");
    windows.take("alice");
    clock.advance(61_000);
    windows.take("bob");
    expect(windows.size).toBe(3);
    expect(windows.take("alice")).toBe(59_000);
  });
});
