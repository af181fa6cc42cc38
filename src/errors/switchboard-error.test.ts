import { describe, expect, expectTypeOf, it } from "vitest";
import { StoreError } from "../store/store-error.js";
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
    for (const code of Object.keys(errorCodes)) expect(code).toMatch(/^SB_(ERR|STORE)_[A-Z_]+$/);
    expectTypeOf<"SB_ERR_CONFIG_INVALID">().toExtend<ErrorCode>();
    expectTypeOf<"SB_ERR_NOPE">().not.toExtend<ErrorCode>();
  });
});

describe("the context an error carries", () => {
  const ctx = { event: "text", skill: "polls", log: "a logger, a client..." };

  it("is reachable as error.ctx but never serialised into logs", () => {
    const error = new SwitchboardError("SB_ERR_SKILL_FAILED", "failed", { ctx });
    expect(error.ctx).toBe(ctx);
    expect(Object.keys(error)).not.toContain("ctx");
    expect(JSON.stringify(error)).not.toContain("a logger");
  });

  it("is absent for errors outside any event", () => {
    expect(new SwitchboardError("SB_ERR_STREAM").ctx).toBeUndefined();
  });
});

describe("StoreError", () => {
  it("is a SwitchboardError with an SB_STORE_* code", () => {
    const error: unknown = new StoreError("SB_STORE_INVALID_KEY", "empty key");
    expect(error).toBeInstanceOf(SwitchboardError);
    expect(isSwitchboardError(error, "SB_STORE_INVALID_KEY")).toBe(true);
    expect((error as StoreError).name).toBe("StoreError");
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
