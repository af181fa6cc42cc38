import { describe, expect, it } from "vitest";
import { fakeContext } from "../../middleware/filters/fake-context.js";
import type { OutboundGate, OutboundOperation } from "./outbound-gate.js";

/** A gate that records what passes through it. */
function recordingGate() {
  const operations: OutboundOperation[] = [];
  const gate: OutboundGate = {
    run: (operation, write) => {
      operations.push(operation);
      return write();
    },
  };
  return { gate, operations };
}

describe("context writes", () => {
  it("sends custom content with its codec through the outbound gate", async () => {
    const { gate, operations } = recordingGate();
    const { ctx, sent } = fakeContext({ outbound: gate, conversationId: "c1" });
    const multiply = {
      encode: (content: { a: number; b: number }) => ({
        type: { authorityId: "example.org", typeId: "multiply", versionMajor: 1, versionMinor: 0 },
        parameters: {},
        content: new TextEncoder().encode(JSON.stringify(content)),
      }),
      shouldPush: () => true,
    };
    await ctx.sendContent(multiply, { a: 3, b: 7 });
    await ctx.send("plain");
    expect(sent).toEqual(["<multiply>", "plain"]);
    expect(operations).toEqual([
      { kind: "message", conversationId: "c1" },
      { kind: "message", conversationId: "c1" },
    ]);
  });

  it("refuses misuse with a coded error that carries the context", async () => {
    const { ctx } = fakeContext({ event: "conversation" });
    await expect(ctx.react("👍")).rejects.toMatchObject({ code: "SB_ERR_CONTEXT_MISUSE", ctx });
    expect(() => ctx.requireGroup()).toThrow(
      expect.objectContaining({ code: "SB_ERR_NOT_A_GROUP" }),
    );
    await expect(
      ctx.sendActions({ description: "x", handler: "h", actions: [{ id: "a", label: "A" }] }),
    ).rejects.toMatchObject({ code: "SB_ERR_CONTEXT_MISUSE" });
  });
});
