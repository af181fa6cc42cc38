import { trace } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { afterAll, describe, expect, it, vi } from "vitest";
import { eventSpan } from "./event-span.js";
import { loadOpenTelemetryApi } from "./opentelemetry-api.js";
import { eventContext } from "./test-doubles.js";

vi.mock("./opentelemetry-api.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("./opentelemetry-api.js")>();
  return { ...original, loadOpenTelemetryApi: vi.fn(original.loadOpenTelemetryApi) };
});

describe("eventSpan before and after the application registers an SDK", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  // Built before any SDK, as createAgent builds it; the same middleware runs in both tests.
  const middleware = eventSpan();

  afterAll(async () => {
    trace.disable();
    await provider.shutdown();
  });

  it("without an SDK, passes the event straight on: no API loaded, no span around the chain", async () => {
    const rest = Promise.resolve();
    expect(middleware(eventContext(), () => rest)).toBe(rest);
    expect(loadOpenTelemetryApi).not.toHaveBeenCalled();
  });

  it("spans every event once an SDK is registered, even one registered after it was built", async () => {
    trace.setGlobalTracerProvider(provider);
    await middleware(eventContext({ event: "reaction" }), async () => undefined);
    await middleware(eventContext(), async () => undefined);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      "xmtp.reaction",
      "xmtp.text",
    ]);
    expect(loadOpenTelemetryApi).toHaveBeenCalledTimes(1);
  });
});
