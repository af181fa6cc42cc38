import { describe, expect, it } from "vitest";
import type { RuntimeStatus } from "./metrics.js";
import { readinessOf } from "./readiness.js";

const running: RuntimeStatus = {
  state: "running",
  connected: true,
  caughtUp: true,
  inFlight: 3,
  queued: 9,
  reconnects: 2,
};

describe("readinessOf", () => {
  it("is ready only when running, connected and caught up, whatever the load", () => {
    expect(readinessOf(running)).toEqual({ ready: true });
  });

  it.each([
    [undefined, "no runtime attached"],
    [{ ...running, state: "idle" }, "agent is idle"],
    [{ ...running, state: "starting", connected: false }, "agent is starting"],
    [{ ...running, state: "stopping" }, "agent is stopping"],
    [{ ...running, state: "stopped", connected: false }, "agent is stopped"],
    [{ ...running, connected: false, caughtUp: false }, "streams disconnected"],
    [{ ...running, caughtUp: false }, "catching up on missed messages"],
  ] as const)("is not ready for %j: %s", (status, reason) => {
    expect(readinessOf(status)).toEqual({ ready: false, reason });
  });
});
