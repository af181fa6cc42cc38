import { describe, expect, it, vi } from "vitest";
import { createTelemetry } from "./index.js";
import { loadPromClient } from "./prom-client-loader.js";
import { sampleValue } from "./prometheus-text.js";
import { eventContext, FakeRuntime } from "./test-doubles.js";

vi.mock("./prom-client-loader.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("./prom-client-loader.js")>();
  return { loadPromClient: vi.fn(original.loadPromClient) };
});

describe("telemetry without a scraper", () => {
  it("records without prom-client, which loads when the registry is first asked for", async () => {
    const telemetry = createTelemetry();
    const runtime = new FakeRuntime();
    await telemetry.attach(runtime);
    runtime.emit("settled", { ctx: eventContext(), outcome: "handled", durationMs: 20 });
    runtime.emit("skill-settled", { skill: "polls", handler: "/poll", ok: true, durationMs: 5 });
    expect(loadPromClient).not.toHaveBeenCalled();

    const text = await telemetry.registry.metrics();
    expect(loadPromClient).toHaveBeenCalled();
    expect(sampleValue(text, "switchboard_events_total", { event: "text" })).toBe(1);
    expect(sampleValue(text, "switchboard_skill_duration_seconds_count", { skill: "polls" })).toBe(
      1,
    );
    expect(telemetry.registry).toBe(telemetry.registry);
  });
});
