import { EventEmitter } from "node:events";
import { createServer } from "node:net";
import { Gauge, Registry } from "prom-client";
import { describe, expect, it, vi } from "vitest";
import { isSwitchboardError } from "../../src/errors/switchboard-error.js";
import type { EventOutcome } from "../../src/runtime/context.js";
import { createTelemetry, type ObservedOutbound } from "./index.js";
import { sampleValue } from "./prometheus-text.js";
import { capturingLogger, eventContext, FakeRuntime } from "./test-doubles.js";

/** An outbound pacer stand-in: the events and queue depth telemetry reads. */
class FakeOutbound extends EventEmitter implements ObservedOutbound {
  queueDepth = 0;
}

async function attached(status: ConstructorParameters<typeof FakeRuntime>[0] = {}) {
  const registry = new Registry();
  const telemetry = createTelemetry({ registry });
  const runtime = new FakeRuntime(status);
  const outbound = new FakeOutbound();
  await telemetry.attach(runtime, { outbound });
  return { registry, telemetry, runtime, outbound, scrape: () => registry.metrics() };
}

describe("telemetry: per-event logs and metrics", () => {
  it("writes one line per settled event from its child logger, at the outcome's level", async () => {
    const { runtime } = await attached();
    const { logger, lines } = capturingLogger();
    const outcomes: EventOutcome[] = ["handled", "filtered", "limited", "rejected", "failed"];
    for (const [index, outcome] of outcomes.entries()) {
      const ctx = eventContext({ logger, messageId: `m${index}` });
      runtime.emit("settled", { ctx, outcome, durationMs: 12.345 });
    }
    expect(lines.map((line) => [line.outcome, line.level])).toEqual([
      ["handled", 30],
      ["filtered", 20],
      ["limited", 40],
      ["rejected", 40],
      ["failed", 50],
    ]);
    expect(lines[0]).toMatchObject({
      msg: "event settled",
      agent: "unit",
      conversationId: "conversation-1",
      messageId: "m0",
      event: "text",
      source: "stream",
      durationMs: 12.3,
    });
  });

  it("counts events by kind and outcome and times them", async () => {
    const { runtime, scrape } = await attached();
    const settle = (event: "text" | "conversation", outcome: EventOutcome, durationMs: number) =>
      runtime.emit("settled", { ctx: eventContext({ event }), outcome, durationMs });
    settle("text", "handled", 20);
    settle("text", "handled", 40);
    settle("text", "limited", 1);
    settle("conversation", "handled", 5);
    const text = await scrape();
    const events = (event: string, outcome: string) =>
      sampleValue(text, "switchboard_events_total", { event, outcome });
    expect(events("text", "handled")).toBe(2);
    expect(events("text", "limited")).toBe(1);
    expect(events("conversation", "handled")).toBe(1);
    expect(events("text", "failed")).toBeUndefined();
    expect(sampleValue(text, "switchboard_event_duration_seconds_count", { event: "text" })).toBe(
      3,
    );
    expect(
      sampleValue(text, "switchboard_event_duration_seconds_sum", { event: "text" }),
    ).toBeCloseTo(0.061);
  });

  it("times skill handlers per skill, failures apart", async () => {
    const { runtime, scrape } = await attached();
    runtime.emit("skill-settled", { skill: "polls", handler: "/poll", ok: true, durationMs: 30 });
    runtime.emit("skill-settled", { skill: "polls", handler: "/vote", ok: false, durationMs: 2 });
    runtime.emit("skill-settled", {
      skill: "hello",
      handler: 'on("text")',
      ok: true,
      durationMs: 1,
    });
    const text = await scrape();
    const count = (skill: string, outcome: string) =>
      sampleValue(text, "switchboard_skill_duration_seconds_count", { skill, outcome });
    expect(count("polls", "handled")).toBe(1);
    expect(count("polls", "failed")).toBe(1);
    expect(count("hello", "handled")).toBe(1);
    expect(
      sampleValue(text, "switchboard_skill_duration_seconds_sum", {
        skill: "polls",
        outcome: "handled",
      }),
    ).toBe(0.03);
  });

  it("reads in-flight work and queue depths from the runtime and pacer when scraped", async () => {
    const { runtime, outbound, scrape } = await attached({ inFlight: 2, queued: 5 });
    outbound.queueDepth = 7;
    let text = await scrape();
    expect(sampleValue(text, "switchboard_in_flight")).toBe(2);
    expect(sampleValue(text, "switchboard_queue_depth", { queue: "conversations" })).toBe(5);
    expect(sampleValue(text, "switchboard_queue_depth", { queue: "outbound" })).toBe(7);
    runtime.status = { ...runtime.status, inFlight: 0, queued: 0 };
    outbound.queueDepth = 0;
    text = await scrape();
    expect(sampleValue(text, "switchboard_in_flight")).toBe(0);
    expect(sampleValue(text, "switchboard_queue_depth", { queue: "outbound" })).toBe(0);
  });

  it("counts stream disconnects and reconnects, the latter from the runtime's running count", async () => {
    const { runtime, scrape } = await attached({ reconnects: 1 });
    runtime.emit("disconnected", new Error("gone"));
    let text = await scrape();
    expect(sampleValue(text, "switchboard_stream_disconnects_total")).toBe(1);
    expect(sampleValue(text, "switchboard_stream_reconnects_total")).toBe(1);
    runtime.emit("disconnected", new Error("gone again"));
    runtime.status = { ...runtime.status, reconnects: 3 };
    text = await scrape();
    expect(sampleValue(text, "switchboard_stream_disconnects_total")).toBe(2);
    expect(sampleValue(text, "switchboard_stream_reconnects_total")).toBe(3);
    // Scraping again adds nothing: the counter follows the count, it does not re-add it.
    expect(sampleValue(await scrape(), "switchboard_stream_reconnects_total")).toBe(3);
  });

  it("counts the pacer's sends, retries and failures by kind", async () => {
    const { outbound, scrape } = await attached();
    outbound.emit("sent", { kind: "message", attempts: 1, waitedMs: 0 });
    outbound.emit("sent", { kind: "message", attempts: 2, waitedMs: 500 });
    outbound.emit("retried", { kind: "message", attempt: 1, error: new Error("429") });
    outbound.emit("failed", { kind: "membership", error: new Error("gone") });
    const text = await scrape();
    const total = (kind: string, result: string) =>
      sampleValue(text, "switchboard_outbound_total", { kind, result });
    expect(total("message", "sent")).toBe(2);
    expect(total("message", "retried")).toBe(1);
    expect(total("membership", "failed")).toBe(1);
  });

  it("keeps its metrics on its own registry, so two agents in one process do not clash", async () => {
    const one = await attached();
    const two = await attached();
    one.runtime.emit("settled", { ctx: eventContext(), outcome: "handled", durationMs: 1 });
    expect(
      sampleValue(await two.scrape(), "switchboard_events_total", { outcome: "handled" }),
    ).toBeUndefined();
    expect(createTelemetry().registry).not.toBe(createTelemetry().registry);
  });

  it("attaches to one runtime only", async () => {
    const { telemetry } = await attached();
    const error = await telemetry.attach(new FakeRuntime()).catch((e: unknown) => e);
    expect(isSwitchboardError(error, "SB_ERR_CONFIG_INVALID")).toBe(true);
  });

  it("refuses bad options with SB_ERR_CONFIG_INVALID", () => {
    for (const options of [
      { port: -1 },
      { port: 1.5 },
      { host: "" },
      { registry: {} as Registry },
    ]) {
      expect(() => createTelemetry(options)).toThrow(/createTelemetry options are invalid/);
    }
  });
});

describe("telemetry: HTTP endpoints", () => {
  async function serving(status: ConstructorParameters<typeof FakeRuntime>[0] = {}) {
    const runtime = new FakeRuntime(status);
    const telemetry = createTelemetry({ port: 0 });
    await telemetry.attach(runtime);
    return { runtime, telemetry, base: `http://127.0.0.1:${telemetry.port}` };
  }

  it("answers /readyz 503 with the reason until running, streaming and caught up", async () => {
    const { runtime, base } = await serving({ state: "starting", connected: false });
    const ready = async () => {
      const response = await fetch(`${base}/readyz`);
      return {
        code: response.status,
        body: (await response.json()) as { status: string; reason?: string },
      };
    };
    try {
      expect(await ready()).toMatchObject({
        code: 503,
        body: { status: "not ready", reason: "agent is starting" },
      });
      runtime.status = { ...runtime.status, state: "running" };
      expect((await ready()).body.reason).toBe("streams disconnected");
      runtime.status = { ...runtime.status, connected: true, caughtUp: false };
      expect((await ready()).body.reason).toBe("catching up on missed messages");
      runtime.status = { ...runtime.status, caughtUp: true };
      expect(await ready()).toMatchObject({
        code: 200,
        body: { status: "ready", runtime: { state: "running", caughtUp: true } },
      });
      runtime.status = { ...runtime.status, state: "stopping" };
      expect(await ready()).toMatchObject({ code: 503, body: { reason: "agent is stopping" } });
    } finally {
      await runtime.stop();
    }
  });

  it("serves /healthz and /metrics, refuses other paths and methods", async () => {
    const { runtime, base } = await serving();
    try {
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
      const head = await fetch(`${base}/healthz`, { method: "HEAD" });
      expect([head.status, await head.text()]).toEqual([200, ""]);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get("content-type")).toContain("text/plain; version=0.0.4");
      expect(await metrics.text()).toContain("# TYPE switchboard_events_total counter");
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      const post = await fetch(`${base}/metrics`, { method: "POST" });
      expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    } finally {
      await runtime.stop();
    }
  });

  it("closes in the runtime's onClose hook", async () => {
    const { runtime, telemetry, base } = await serving();
    // fetch keeps its connection alive, as scrapers do: that must not hold the shutdown open.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await runtime.stop();
    expect(telemetry.port).toBeUndefined();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("closes even while a scrape hangs", async () => {
    const registry = new Registry();
    let scraped: () => void = () => undefined;
    const scrapeStarted = new Promise<void>((resolve) => {
      scraped = resolve;
    });
    new Gauge({
      name: "stuck",
      help: "never finishes collecting",
      registers: [registry],
      collect: () => {
        scraped();
        return new Promise<void>(() => undefined);
      },
    });
    const runtime = new FakeRuntime();
    const telemetry = createTelemetry({ registry, port: 0 });
    await telemetry.attach(runtime);
    const hanging = fetch(`http://127.0.0.1:${telemetry.port}/metrics`);
    await scrapeStarted;
    await runtime.stop();
    await expect(hanging).rejects.toThrow();
  });

  it("answers 500 when a collector throws, and keeps serving", async () => {
    const registry = new Registry();
    new Gauge({
      name: "broken",
      help: "throws when collected",
      registers: [registry],
      collect() {
        throw new Error("collector broke");
      },
    });
    const runtime = new FakeRuntime();
    const telemetry = createTelemetry({ registry, port: 0 });
    await telemetry.attach(runtime);
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      const response = await fetch(`http://127.0.0.1:${telemetry.port}/metrics`);
      expect([response.status, await response.text()]).toEqual([500, "collector broke\n"]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("collector broke"));
      expect((await fetch(`http://127.0.0.1:${telemetry.port}/healthz`)).status).toBe(200);
    } finally {
      warn.mockRestore();
      await runtime.stop();
    }
  });

  it("fails attach with SB_ERR_METRICS_SERVER when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const telemetry = createTelemetry({ port });
      const error = await telemetry.attach(new FakeRuntime()).catch((e: unknown) => e);
      expect(isSwitchboardError(error, "SB_ERR_METRICS_SERVER")).toBe(true);
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    } finally {
      blocker.close();
    }
  });
});
