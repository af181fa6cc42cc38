import { describe, expect, expectTypeOf, it } from "vitest";
import { type ErrorCode, errorCodes } from "./error-codes.js";
import { isSwitchboardError, SwitchboardError } from "./switchboard-error.js";

describe("SwitchboardError", () => {
  it("carries code, message, context and cause", () => {
    const cause = new Error("socket closed");
    const error = new SwitchboardError("SB_ERR_STREAM", "stream ended", {
      cause,
      context: { conversationId: "c1" },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("SwitchboardError");
    expect(error.code).toBe("SB_ERR_STREAM");
    expect(error.message).toBe("stream ended");
    expect(error.context).toEqual({ conversationId: "c1" });
    expect(error.cause).toBe(cause);
  });

  it("defaults the message to the code's description", () => {
    expect(new SwitchboardError("SB_ERR_RATE_LIMITED").message).toBe(
      errorCodes.SB_ERR_RATE_LIMITED,
    );
  });

  it("does not set a cause unless given one", () => {
    expect("cause" in new SwitchboardError("SB_ERR_STREAM")).toBe(false);
  });

  it("keeps codes a closed, prefixed union", () => {
    for (const code of Object.keys(errorCodes)) expect(code).toMatch(/^SB_ERR_[A-Z_]+$/);
    expectTypeOf<"SB_ERR_CONFIG_INVALID">().toExtend<ErrorCode>();
    expectTypeOf<"SB_ERR_NOPE">().not.toExtend<ErrorCode>();
  });
});

describe("isSwitchboardError", () => {
  const error: unknown = new SwitchboardError("SB_ERR_COMMAND_ARGS", "bad");

  it("matches any code or a specific one", () => {
    expect(isSwitchboardError(error)).toBe(true);
    expect(isSwitchboardError(error, "SB_ERR_COMMAND_ARGS")).toBe(true);
    expect(isSwitchboardError(error, "SB_ERR_STREAM")).toBe(false);
    expect(isSwitchboardError(new Error("plain"))).toBe(false);
    expect(isSwitchboardError("SB_ERR_COMMAND_ARGS")).toBe(false);
  });

  it("narrows the code type", () => {
    if (isSwitchboardError(error, "SB_ERR_COMMAND_ARGS")) {
      expectTypeOf(error.code).toEqualTypeOf<"SB_ERR_COMMAND_ARGS">();
    }
  });
});
