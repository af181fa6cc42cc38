import { describe, expect, it } from "vitest";
import { intentSchema, MAX_INTENT_METADATA_BYTES } from "./intent-schema.js";

describe("intentSchema", () => {
  it("accepts a plain tap with small metadata", () => {
    expect(
      intentSchema.safeParse({ id: "sb-x", actionId: "yes", metadata: { a: 1 } }).success,
    ).toBe(true);
    expect(intentSchema.safeParse({ id: "sb-x", actionId: "yes" }).success).toBe(true);
  });

  it("refuses metadata over 10 KB, empty and oversized ids, and non-objects", () => {
    const big = { blob: "x".repeat(MAX_INTENT_METADATA_BYTES) };
    const result = intentSchema.safeParse({ id: "sb-x", actionId: "yes", metadata: big });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/larger than 10240 bytes/);
    expect(intentSchema.safeParse({ id: "", actionId: "yes" }).success).toBe(false);
    expect(intentSchema.safeParse({ id: "a".repeat(257), actionId: "yes" }).success).toBe(false);
    expect(intentSchema.safeParse({ id: "sb-x", actionId: "yes", metadata: "nope" }).success).toBe(
      false,
    );
    expect(intentSchema.safeParse(null).success).toBe(false);
  });
});
