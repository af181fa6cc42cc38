import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore, type Store } from "../../index.js";
import { GateStore } from "./gate-store.js";
import {
  RETRY_AFTER_FAILURE_MS,
  RecheckScheduler,
  type RecheckScope,
} from "./recheck-scheduler.js";

const START = 1_000_000;
const log = pino({ level: "silent" });

let store: Store;
let gates: GateStore;
let scopes: Array<{ at: number; scope: RecheckScope }>;
let result: boolean;
let schedulers: RecheckScheduler[];

function scheduler(intervalMs: number, graceMs: number): RecheckScheduler {
  const created = new RecheckScheduler({
    gates,
    intervalMs,
    graceMs,
    log,
    recheck: async (scope) => {
      scopes.push({ at: Date.now() - START, scope });
      return result;
    },
  });
  schedulers.push(created);
  return created;
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  store = createMemoryStore();
  gates = new GateStore(store);
  scopes = [];
  result = true;
  schedulers = [];
});

afterEach(async () => {
  for (const created of schedulers) await created.stop();
  vi.useRealTimers();
});

describe("RecheckScheduler", () => {
  it("rechecks every group at once when it never has, then every interval", async () => {
    await scheduler(10_000, 60_000).start();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(scopes).toEqual([
      { at: 0, scope: "all" },
      { at: 10_000, scope: "all" },
      { at: 20_000, scope: "all" },
    ]);
  });

  it("remembers the last recheck across restarts", async () => {
    await gates.markRechecked(START - 4_000);
    await scheduler(10_000, 60_000).start();
    await vi.advanceTimersByTimeAsync(5_999);
    expect(scopes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(scopes).toEqual([{ at: 6_000, scope: "all" }]);
  });

  it("rechecks a group at its member's grace deadline, even with periodic rechecks off", async () => {
    await gates.startGrace("g1", "bob", { since: START - 1_000, reasons: [] });
    await gates.startGrace("g2", "carol", { since: START + 500, reasons: [] });
    await scheduler(0, 3_000).start();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(scopes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(scopes).toEqual([{ at: 2_000, scope: ["g1"] }]);
  });

  it("waits before retrying a recheck that could not read the chain", async () => {
    result = false;
    await gates.startGrace("g1", "bob", { since: START - 10_000, reasons: [] });
    await scheduler(0, 3_000).start();
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS + 10);
    expect(scopes).toEqual([
      { at: 0, scope: ["g1"] },
      { at: RETRY_AFTER_FAILURE_MS, scope: ["g1"] },
    ]);
  });

  it("leaves a timed recheck to the replica holding the lease", async () => {
    await gates.claimRecheck("other replica", 600_000);
    await scheduler(10_000, 3_000).start();
    await vi.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS - 1);
    expect(scopes).toEqual([]);
    await gates.releaseRecheck("other replica");
    await vi.advanceTimersByTimeAsync(1);
    expect(scopes).toEqual([{ at: RETRY_AFTER_FAILURE_MS, scope: "all" }]);
  });

  it("runs /gate recheck work after the recheck in progress, then arms for new deadlines", async () => {
    const running = scheduler(0, 3_000);
    await running.start();
    const order: string[] = [];
    const first = running.run(async () => {
      order.push("first:start");
      await new Promise((resolve) => setTimeout(resolve, 100));
      order.push("first:end");
    });
    const second = running.run(async () => {
      order.push("second");
      await gates.startGrace("g1", "bob", { since: Date.now(), reasons: [] });
      return 42;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(await second).toBe(42);
    await first;
    expect(order).toEqual(["first:start", "first:end", "second"]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(scopes).toEqual([{ at: 3_100, scope: ["g1"] }]);
  });

  it("does nothing after stop", async () => {
    const stopped = scheduler(10_000, 3_000);
    await stopped.start();
    await vi.advanceTimersByTimeAsync(0);
    await stopped.stop();
    await vi.advanceTimersByTimeAsync(100_000);
    expect(scopes).toHaveLength(1);
  });
});
