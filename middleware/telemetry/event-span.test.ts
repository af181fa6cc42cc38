import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  StackContextManager,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../../src/runtime/context.js";
import { eventSpan } from "./event-span.js";
import { eventContext } from "./test-doubles.js";

describe("eventSpan", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new StackContextManager().enable());
  });
  afterEach(() => exporter.reset());
  afterAll(async () => {
    trace.disable();
    context.disable();
    await provider.shutdown();
  });

  const run = (ctx: Context, next: () => Promise<void>) => eventSpan()(ctx, next);
  const onlySpan = () => {
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    return spans[0]!;
  };

  it("spans the rest of the chain as xmtp.<event>, active for what runs inside", async () => {
    const ctx = eventContext({ conversationId: "c-1", messageId: "m-1" });
    let inside: string | undefined;
    await run(ctx, async () => {
      inside = trace.getActiveSpan()?.spanContext().spanId;
      ctx.outcome = "handled";
    });
    const span = onlySpan();
    expect(span.name).toBe("xmtp.text");
    expect(span.instrumentationScope.name).toBe("switchboard");
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(inside).toBe(span.spanContext().spanId);
    expect(span.attributes).toEqual({
      "xmtp.conversation.id": "c-1",
      "xmtp.message.id": "m-1",
      "switchboard.source": "stream",
      "switchboard.outcome": "handled",
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("records the outcome middleware set, e.g. limited, without an error", async () => {
    const ctx = eventContext();
    await run(ctx, async () => {
      ctx.outcome = "limited";
    });
    expect(onlySpan().attributes["switchboard.outcome"]).toBe("limited");
    expect(onlySpan().status.code).toBe(SpanStatusCode.UNSET);
  });

  it("marks an error when a skill failed (the router catches it and sets the outcome)", async () => {
    const ctx = eventContext();
    await run(ctx, async () => {
      ctx.outcome = "failed";
    });
    expect(onlySpan().attributes["switchboard.outcome"]).toBe("failed");
    expect(onlySpan().status).toEqual({ code: SpanStatusCode.ERROR, message: "a skill failed" });
  });

  it("records a thrown error, calls it failed and rethrows it", async () => {
    const ctx = eventContext();
    const boom = new Error("middleware broke");
    await expect(
      run(ctx, async () => {
        ctx.outcome = "handled";
        throw boom;
      }),
    ).rejects.toBe(boom);
    const span = onlySpan();
    expect(span.attributes["switchboard.outcome"]).toBe("failed");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "middleware broke" });
    expect(span.events.map((event) => event.name)).toEqual(["exception"]);
    expect(span.events[0]?.attributes?.["exception.message"]).toBe("middleware broke");
  });

  it("leaves the message id out for a new conversation", async () => {
    await run(eventContext({ event: "conversation" }), async () => undefined);
    expect(onlySpan().name).toBe("xmtp.conversation");
    expect(onlySpan().attributes).not.toHaveProperty("xmtp.message.id");
  });
});
