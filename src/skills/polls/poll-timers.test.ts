import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PollRef } from "./poll.js";
import { PollTimers } from "./poll-timers.js";

describe("PollTimers", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const poll = (number: number, closesAt?: number) => ({ conversationId: "c", number, closesAt });

  /** Timers that note which polls came due, in order. */
  function recordingTimers() {
    const due: number[] = [];
    const timers = new PollTimers(
      async (ref) => void due.push(ref.number),
      pino({ level: "silent" }),
    );
    return { due, timers };
  }

  it("fires at each poll's expiry, and at once for polls already due", async () => {
    const { due, timers } = recordingTimers();
    timers.arm(poll(1, 5_000));
    timers.arm(poll(2, 500));
    timers.arm(poll(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(due).toEqual([2]);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(due).toEqual([2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(due).toEqual([2, 1]);
  });

  it("re-arming replaces a timer, disarming and stopping cancel it", async () => {
    const { due, timers } = recordingTimers();
    timers.arm(poll(1, 2_000));
    timers.arm(poll(1, 3_000));
    timers.arm(poll(2, 2_000));
    timers.disarm({ conversationId: "c", number: 2 });
    timers.arm(poll(3, 2_500));
    timers.arm(poll(4, 9_000));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(due).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(due).toEqual([3, 1]);
    await timers.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(due).toEqual([3, 1]);
  });

  it("reports a failing close instead of throwing, and stop waits for closes in progress", async () => {
    const lines: string[] = [];
    const log = pino({ level: "error" }, { write: (line: string) => void lines.push(line) });
    let finish: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const timers = new PollTimers(async (ref: PollRef) => {
      if (ref.number === 1) throw new Error("send failed");
      await slow;
    }, log);
    timers.arm(poll(1, 1_000));
    timers.arm(poll(2, 1_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(lines.join("")).toContain("SB_ERR_SKILL_FAILED");
    expect(lines.join("")).toContain("send failed");
    let stopped = false;
    const stopping = timers.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});
