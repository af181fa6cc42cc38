import { describe, expectTypeOf, it } from "vitest";
import type { Middleware } from "../../src/compose/middleware.js";
import type { Context } from "../../src/runtime/context.js";
import type { SwitchboardRuntime } from "../../src/runtime/runtime.js";
import type { OutboundPacer } from "../outbound-pacing/index.js";
import type { ObservedOutbound, ObservedRuntime, Telemetry } from "./index.js";

describe("telemetry types", () => {
  it("attaches to the real runtime and outbound pacer", () => {
    expectTypeOf<SwitchboardRuntime>().toExtend<ObservedRuntime>();
    expectTypeOf<OutboundPacer>().toExtend<ObservedOutbound>();
    expectTypeOf<Telemetry["attach"]>().toBeCallableWith({} as SwitchboardRuntime, {
      outbound: {} as OutboundPacer,
    });
  });

  it("stands in a middleware chain by itself", () => {
    expectTypeOf<Telemetry>().toExtend<Middleware<Context>>();
  });

  it("refuses what is not a runtime", () => {
    expectTypeOf<{ status: SwitchboardRuntime["status"] }>().not.toExtend<ObservedRuntime>();
  });
});
