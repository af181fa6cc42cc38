import { createServer } from "node:net";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import type { DecodedMessage } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCommand } from "../../src/commands/define-command.js";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import type { Context } from "../../src/runtime/context.js";
import { defineSkill } from "../../src/skill/skill.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";
import { sampleValue } from "./prometheus-text.js";

let release: (() => void) | undefined;

const probe = defineSkill({
  name: "probe",
  description: "Answers, fails or waits on command",
  setup(skill) {
    skill.command(defineCommand({ name: "ping", description: "pong" }), (_args, ctx) =>
      ctx.reply("pong"),
    );
    skill.command(defineCommand({ name: "crash", description: "fails" }), () => {
      throw new Error("deliberate failure");
    });
    skill.command(
      defineCommand({ name: "slow", description: "waits for the test" }),
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
  },
});

/** Marks "spam" limited and drops "ignore me" (filtered), as real middleware would. */
const gatekeeper: MiddlewareFn<Context> = (ctx, next) => {
  if (ctx.text === "spam") {
    ctx.outcome = "limited";
    return;
  }
  if (ctx.text === "ignore me") return;
  return next();
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The id of the message a reply quotes. */
const quoted = (reply: DecodedMessage) => (reply.content as { referenceId: string }).referenceId;

/**
 * createAgent's built-in telemetry on a real agent (METRICS_PORT set, outbound pacing on),
 * read over real HTTP, with a real OpenTelemetry SDK recording spans in memory.
 */
describe("telemetry end to end", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let bot: TestAgent;
  let alice: TestUser;
  let base: string;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { code: response.status, text: await response.text() };
  };
  const metrics = async () => (await get("/metrics")).text;

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    [bot, alice] = await Promise.all([
      TestAgent.start({
        skills: [probe()],
        middleware: [gatekeeper],
        env: { METRICS_PORT: String(port) },
      }),
      TestUser.create({ name: "alice" }),
    ]);
  });

  afterAll(async () => {
    release?.();
    await Promise.all([bot?.stop(), alice?.stop()]);
    trace.disable();
    await provider.shutdown();
  });

  it("counts, times, logs and traces every event by outcome", async () => {
    const dm = await alice.dmWith(bot.address);
    const pong = await alice.ask(dm, "/ping");
    const sorry = await alice.ask(dm, "/crash");
    expect((sorry.content as { content: string }).content).toContain("/crash failed");
    await dm.sendText("spam");
    await dm.sendText("ignore me");
    await alice.ask(dm, "/ping");

    const events = (text: string, event: string, outcome: string) =>
      sampleValue(text, "switchboard_events_total", { event, outcome });
    // Replies can arrive before the chain around them settles: poll until all five have.
    let text = await waitFor(
      async () => {
        const current = await metrics();
        return (
          sampleValue(current, "switchboard_event_duration_seconds_count", {
            event: "text",
          }) === 5 && current
        );
      },
      { description: "five settled text events in /metrics" },
    );
    expect(events(text, "text", "handled")).toBe(2);
    expect(events(text, "text", "failed")).toBe(1);
    expect(events(text, "text", "limited")).toBe(1);
    expect(events(text, "text", "filtered")).toBe(1);
    expect(events(text, "conversation", "handled")).toBe(1);
    const skill = (outcome: string) =>
      sampleValue(text, "switchboard_skill_duration_seconds_count", { skill: "probe", outcome });
    expect(skill("handled")).toBe(2);
    expect(skill("failed")).toBe(1);
    expect(sampleValue(text, "switchboard_in_flight")).toBe(0);
    expect(sampleValue(text, "switchboard_queue_depth", { queue: "conversations" })).toBe(0);
    expect(sampleValue(text, "switchboard_queue_depth", { queue: "outbound" })).toBe(0);
    expect(sampleValue(text, "switchboard_stream_disconnects_total")).toBe(0);
    expect(sampleValue(text, "switchboard_stream_reconnects_total")).toBe(0);
    // Three replies went through the built-in outbound pacer: pong, the apology, pong.
    text = await waitFor(
      async () => {
        const current = await metrics();
        return (
          sampleValue(current, "switchboard_outbound_total", {
            kind: "message",
            result: "sent",
          }) === 3 && current
        );
      },
      { description: "three sent replies in /metrics" },
    );
    expect(sampleValue(text, "switchboard_outbound_total", { result: "failed" })).toBeUndefined();

    const settled = bot.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === "event settled" && line.conversationId === dm.id);
    // The conversation event and the first text race; texts settle in the order sent.
    const row = (line: Record<string, unknown>) => [line.event, line.outcome, line.level];
    expect(settled.filter((line) => line.event === "conversation").map(row)).toEqual([
      ["conversation", "handled", 30],
    ]);
    const texts = settled.filter((line) => line.event === "text");
    expect(texts.map(row)).toEqual([
      ["text", "handled", 30],
      ["text", "failed", 50],
      ["text", "limited", 40],
      ["text", "filtered", 20],
      ["text", "handled", 30],
    ]);
    expect(texts[0]).toMatchObject({ agent: "test-agent", messageId: quoted(pong) });
    expect(settled.every((line) => typeof line.durationMs === "number")).toBe(true);

    const spanOf = (messageId: string) =>
      exporter.getFinishedSpans().find((s) => s.attributes["xmtp.message.id"] === messageId);
    expect(spanOf(quoted(pong))).toMatchObject({
      name: "xmtp.text",
      attributes: { "xmtp.conversation.id": dm.id, "switchboard.outcome": "handled" },
      status: { code: SpanStatusCode.UNSET },
    });
    expect(spanOf(quoted(sorry))).toMatchObject({
      attributes: { "switchboard.outcome": "failed" },
      status: { code: SpanStatusCode.ERROR },
    });
    const spans = exporter
      .getFinishedSpans()
      .filter((s) => s.attributes["xmtp.conversation.id"] === dm.id)
      .map((s) => `${s.name}:${s.attributes["switchboard.outcome"]}`);
    expect(spans.filter((s) => s.startsWith("xmtp.conversation"))).toEqual([
      "xmtp.conversation:handled",
    ]);
    expect(spans.filter((s) => s.startsWith("xmtp.text"))).toEqual([
      "xmtp.text:handled",
      "xmtp.text:failed",
      "xmtp.text:limited",
      "xmtp.text:filtered",
      "xmtp.text:handled",
    ]);
  });

  it("answers /healthz and /readyz while running", async () => {
    expect(await get("/healthz")).toEqual({ code: 200, text: '{"status":"ok"}' });
    const ready = await get("/readyz");
    expect(ready.code).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: "ready",
      runtime: { state: "running", connected: true, caughtUp: true },
    });
  });

  it("shows work in flight, turns not ready while draining, and closes when stopped", async () => {
    const dm = await alice.dmWith(bot.address);
    await dm.sendText("/slow");
    await waitFor(async () => sampleValue(await metrics(), "switchboard_in_flight") === 1, {
      description: "the slow handler in flight",
    });
    const stopping = bot.stop();
    const draining = await waitFor(
      async () => {
        const ready = await get("/readyz");
        return ready.code === 503 && ready.text;
      },
      { description: "/readyz 503 while draining" },
    );
    expect(JSON.parse(draining)).toMatchObject({
      status: "not ready",
      reason: "agent is stopping",
      runtime: { inFlight: 1 },
    });
    expect((await get("/healthz")).code).toBe(200);
    release?.();
    await stopping;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
