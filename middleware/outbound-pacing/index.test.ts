import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { isSwitchboardError } from "../../src/errors/switchboard-error.js";
import type { OutboundKind } from "../../src/runtime/outbound-gate.js";
import {
  classifyWriteError,
  isRetryableWriteError,
  type OutboundPacer,
  type OutboundPacingOptions,
  outboundPacing,
  outboundPacingOptionsFromConfig,
} from "./index.js";

const RATE_LIMITED = new Error(
  'API error: api client error api client at endpoint "send_group_messages" has error status: ResourceExhausted, message: "1 exceeds rate limit R1DEF"',
);
/** Measured: what node-sdk 5.3 throws on a send once the node became unreachable. */
const UNREACHABLE = new Error(
  `client: API error: api client error api client at endpoint "/xmtp.identity.api.v1.IdentityApi/GetIdentityUpdates" has error status: 'The service is currently unavailable', self: "tcp connect error".`,
);
const PERMANENT = new Error("Member already added");

/** A fake write that records when it started, failing with `failures` first. */
function fakeWrites() {
  const starts: Array<{ id: number; at: number }> = [];
  const write =
    (id: number, failures: unknown[] = []) =>
    async () => {
      starts.push({ id, at: Date.now() });
      const failure = failures.shift();
      if (failure) throw failure;
      return id;
    };
  return { starts, write };
}

/** Records every event the pacer emits. */
function observe(pacer: OutboundPacer) {
  const events: Array<{ type: string; kind: OutboundKind } & Record<string, unknown>> = [];
  pacer.on("sent", (e) => events.push({ type: "sent", ...e }));
  pacer.on("retried", (e) => events.push({ type: "retried", ...e }));
  pacer.on("failed", (e) => events.push({ type: "failed", ...e }));
  return events;
}

const op = { kind: "message" as const, conversationId: "c1" };
const tiny: OutboundPacingOptions = { budget: { points: 3, durationMs: 1_000 }, headroom: 0 };

describe("outboundPacing", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts no more writes per rolling window than the budget, late but all of them", async () => {
    const pacer = outboundPacing(tiny);
    const { starts, write } = fakeWrites();
    const results = Promise.all(Array.from({ length: 10 }, (_, id) => pacer.run(op, write(id))));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(starts.map((s) => s.at)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000, 3000]);
  });

  it("counts the window as rolling, not fixed", async () => {
    const pacer = outboundPacing(tiny);
    const { starts, write } = fakeWrites();
    await pacer.run(op, write(0));
    await vi.advanceTimersByTimeAsync(600);
    const later = Promise.all([1, 2, 3].map((id) => pacer.run(op, write(id))));
    await vi.advanceTimersByTimeAsync(2_000);
    await later;
    // Write 3 waits for write 0 to leave the window (at 1000), not for a window boundary.
    expect(starts.map((s) => s.at)).toEqual([0, 600, 600, 1000]);
  });

  it("keeps headroom free: 20% of 10 leaves 8 per window", async () => {
    const pacer = outboundPacing({ budget: { points: 10, durationMs: 1_000 }, headroom: 0.2 });
    const { starts, write } = fakeWrites();
    const all = Promise.all(Array.from({ length: 10 }, (_, id) => pacer.run(op, write(id))));
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(starts.filter((s) => s.at === 0)).toHaveLength(8);
  });

  it("starts writes in FIFO order and reports the queue depth", async () => {
    const pacer = outboundPacing({ ...tiny, concurrency: 1 });
    const { starts, write } = fakeWrites();
    const all = Promise.all(Array.from({ length: 6 }, (_, id) => pacer.run(op, write(id))));
    expect(pacer.queueDepth).toBe(5);
    await vi.advanceTimersByTimeAsync(3_000);
    await all;
    expect(starts.map((s) => s.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pacer.queueDepth).toBe(0);
  });

  it("retries 429-like and unreachable-node errors with backoff, keeping the write's place", async () => {
    const pacer = outboundPacing({
      ...tiny,
      concurrency: 1,
      backoff: { initialMs: 100, maxMs: 10_000 },
    });
    const events = observe(pacer);
    const { starts, write } = fakeWrites();
    const first = pacer.run(op, write(1, [RATE_LIMITED, UNREACHABLE]));
    const second = pacer.run({ kind: "reaction", conversationId: "c2" }, write(2));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(starts.map((s) => s.id)).toEqual([1, 1, 1, 2]);
    const attemptsOfFirst = starts.filter((s) => s.id === 1).map((s) => s.at);
    expect(attemptsOfFirst).toHaveLength(3);
    // Full jitter keeps each wait between half and all of 100 ms, then of 200 ms.
    const [a, b, c] = attemptsOfFirst as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(50);
    expect(b - a).toBeLessThanOrEqual(100);
    expect(c - b).toBeGreaterThanOrEqual(100);
    expect(c - b).toBeLessThanOrEqual(200);
    expect(events.map((e) => `${e.type}:${e.kind}:${e.attempt ?? e.attempts}`)).toEqual([
      "retried:message:1",
      "retried:message:2",
      "sent:message:3",
      "sent:reaction:1",
    ]);
    expect(events[0]?.error).toBe(RATE_LIMITED);
    expect(events[2]?.waitedMs).toBe(c);
  });

  it("puts writes that were in flight together back in arrival order", async () => {
    const pacer = outboundPacing({
      budget: { points: 2, durationMs: 1_000 },
      headroom: 0,
      concurrency: 2,
      backoff: { initialMs: 0, maxMs: 0 },
    });
    const { starts, write } = fakeWrites();
    // Both fail before the budget allows a retry; write 1 fails last, so putting each failure
    // at the front of the queue would run it before write 0.
    const slowFailure = async () => {
      starts.push({ id: 1, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw RATE_LIMITED;
    };
    let slowCalls = 0;
    const all = Promise.all([
      pacer.run(op, write(0, [RATE_LIMITED])),
      pacer.run(op, () => (slowCalls++ === 0 ? slowFailure() : write(1)())),
      pacer.run(op, write(2)),
    ]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await all).toEqual([0, 1, 2]);
    expect(starts.map((s) => `${s.id}@${s.at}`)).toEqual([
      "0@0",
      "1@0",
      "0@1000",
      "1@1000",
      "2@2000",
    ]);
  });

  it("rejects a permanent error at once, with the write's own error", async () => {
    const pacer = outboundPacing(tiny);
    const events = observe(pacer);
    const { starts, write } = fakeWrites();
    await expect(pacer.run(op, write(1, [PERMANENT]))).rejects.toBe(PERMANENT);
    expect(starts).toHaveLength(1);
    expect(events).toEqual([{ type: "failed", kind: "message", error: PERMANENT }]);
  });

  it("gives up after maxAttempts with SB_ERR_OUTBOUND_FAILED, the last error as cause", async () => {
    const pacer = outboundPacing({
      ...tiny,
      maxAttempts: 3,
      backoff: { initialMs: 10, maxMs: 10 },
    });
    const events = observe(pacer);
    const { starts, write } = fakeWrites();
    const failing = pacer.run(op, write(1, [UNREACHABLE, UNREACHABLE, RATE_LIMITED, RATE_LIMITED]));
    const settled = failing.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await settled;
    expect(isSwitchboardError(error, "SB_ERR_OUTBOUND_FAILED")).toBe(true);
    expect((error as Error).cause).toBe(RATE_LIMITED);
    expect((error as Error).message).toContain("after 3 attempts");
    expect(starts).toHaveLength(3);
    expect(events.map((e) => e.type)).toEqual(["retried", "retried", "failed"]);
  });

  it("counts every attempt against the budget", async () => {
    const pacer = outboundPacing({ ...tiny, concurrency: 1, backoff: { initialMs: 0, maxMs: 0 } });
    const { starts, write } = fakeWrites();
    const all = Promise.all([
      pacer.run(op, write(1, [RATE_LIMITED, RATE_LIMITED])),
      pacer.run(op, write(2)),
    ]);
    await vi.advanceTimersByTimeAsync(2_000);
    await all;
    expect(starts.map((s) => `${s.id}@${s.at}`)).toEqual(["1@0", "1@0", "1@0", "2@1000"]);
  });

  it("keeps sending when a listener throws", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const pacer = outboundPacing(tiny);
    pacer.on("sent", () => {
      throw new Error("broken telemetry");
    });
    const { write } = fakeWrites();
    expect(await pacer.run(op, write(1))).toBe(1);
    expect(await pacer.run(op, write(2))).toBe(2);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("broken telemetry"));
    warn.mockRestore();
  });

  it.each<[string, OutboundPacingOptions]>([
    ["budget", { budget: { points: 0, durationMs: 1 } }],
    ["headroom", { headroom: 1 }],
    ["maxAttempts", { maxAttempts: 0 }],
    ["concurrency", { concurrency: 1.5 }],
  ])("refuses an invalid %s with SB_ERR_CONFIG_INVALID", (name, options) => {
    expect(() => outboundPacing(options)).toThrow(
      expect.objectContaining({
        code: "SB_ERR_CONFIG_INVALID",
        message: expect.stringContaining(name),
      }),
    );
  });

  it("reads its budget from the configuration", () => {
    const config = loadConfig({
      envFile: false,
      env: { SWITCHBOARD_OUTBOUND_BUDGET: "100/1m", SWITCHBOARD_OUTBOUND_MAX_ATTEMPTS: "2" },
    });
    expect(outboundPacingOptionsFromConfig(config)).toEqual({
      budget: { points: 100, durationMs: 60_000 },
      headroom: undefined,
      maxAttempts: 2,
    });
    expect(() => outboundPacing(outboundPacingOptionsFromConfig(config))).not.toThrow();
  });
});

describe("classifyWriteError", () => {
  it.each<[string, unknown, string]>([
    ["a gRPC ResourceExhausted", RATE_LIMITED, "rate-limited"],
    ["an HTTP 429", new Error("grpc error 429 at http gateway Too Many Requests"), "rate-limited"],
    ["an unreachable node", UNREACHABLE, "unavailable"],
    [
      "an intent that may have been published",
      new Error("Sync failed to wait for intent"),
      "uncertain",
    ],
    [
      "a failed request",
      new Error('at endpoint "get_inbox_ids" has error error sending request'),
      "unavailable",
    ],
    ["a Rust status code", new Error('Status { code: Unavailable, message: "x" }'), "unavailable"],
    ["a timeout", new Error("deadline exceeded"), "uncertain"],
    ["a wrapped 429", new Error("send failed", { cause: RATE_LIMITED }), "rate-limited"],
    ["a missing signer", new Error("Signer unavailable, use Client.create"), "permanent"],
    ["a membership error", PERMANENT, "permanent"],
    ["a string", "boom", "permanent"],
  ])("classifies %s", (_name, error, kind) => {
    expect(classifyWriteError(error)).toBe(kind);
  });

  it("retries an uncertain outcome only for a write that looks for its earlier attempt", () => {
    const timeout = new Error("Sync failed to wait for intent");
    expect(isRetryableWriteError(timeout)).toBe(false);
    expect(isRetryableWriteError(timeout, { idempotent: true })).toBe(true);
    expect(isRetryableWriteError(UNREACHABLE)).toBe(true);
  });
});
