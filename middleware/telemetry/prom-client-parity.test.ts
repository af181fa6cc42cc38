import { Counter, Histogram, Registry, type RegistryContentType } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerCollected } from "./collected-metric.js";
import { CounterMetric } from "./counter-metric.js";
import { HistogramMetric } from "./histogram-metric.js";

type AnyRegistry = Registry<RegistryContentType>;

/** Two registries that can print either format: ours and prom-client's reference. */
const registries = (): [AnyRegistry, AnyRegistry] => [new Registry(), new Registry()];

/** Both registries' text, in the Prometheus and the OpenMetrics format. */
async function printed(ours: AnyRegistry, theirs: AnyRegistry) {
  const texts = { ours: [await ours.metrics()], theirs: [await theirs.metrics()] };
  for (const registry of [ours, theirs]) registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  texts.ours.push(await ours.metrics());
  texts.theirs.push(await theirs.metrics());
  return texts;
}

describe("Switchboard's metrics print as prom-client's own", () => {
  it("counters, labelled and not, the unlabelled one at 0 before any count", async () => {
    const [ours, theirs] = registries();
    const spec = { name: "c_total", help: "counts", labelNames: ["event", "outcome"] as const };
    const bare = { name: "bare_total", help: "counts nothing yet", labelNames: [] as const };
    const counter = new CounterMetric(spec);
    registerCollected(ours, counter);
    registerCollected(ours, new CounterMetric(bare));
    const reference = new Counter({ ...spec, registers: [theirs] });
    new Counter({ ...bare, registers: [theirs] });
    for (const [event, outcome] of [
      ["text", "handled"],
      ["text", "limited"],
      ["text", "handled"],
      ['quote"d\\', "failed"],
    ] as const) {
      counter.inc(event, outcome);
      reference.inc({ event, outcome });
    }
    const texts = await printed(ours, theirs);
    expect(texts.ours).toEqual(texts.theirs);
  });

  it("histograms: cumulative buckets, a value on a bound counted in it, beyond the last in +Inf", async () => {
    const [ours, theirs] = registries();
    const spec = {
      name: "d_seconds",
      help: "durations",
      labelNames: ["skill", "outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };
    const histogram = new HistogramMetric(spec);
    registerCollected(ours, histogram);
    const reference = new Histogram({ ...spec, registers: [theirs] });
    for (const [seconds, skill, outcome] of [
      [0.003, "polls", "handled"],
      [0.005, "polls", "handled"],
      [0.0051, "hello", "handled"],
      [0.3, "polls", "failed"],
      [10, "polls", "handled"],
      [12.5, "polls", "handled"],
    ] as const) {
      histogram.observe(seconds, skill, outcome);
      reference.observe({ skill, outcome }, seconds);
    }
    const texts = await printed(ours, theirs);
    expect(texts.ours).toEqual(texts.theirs);
    // prom-client's JSON says the same, plus an empty `exemplar` per bucket.
    expect(await theirs.getMetricsAsJSON()).toMatchObject(await ours.getMetricsAsJSON());
  });

  it("forgets what was recorded on registry.resetMetrics()", async () => {
    const registry = new Registry();
    const counter = new CounterMetric({ name: "c_total", help: "counts", labelNames: [] as const });
    registerCollected(registry, counter);
    counter.inc();
    registry.resetMetrics();
    expect(await registry.metrics()).toContain("\nc_total 0\n");
  });
});
