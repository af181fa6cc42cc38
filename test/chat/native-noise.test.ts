import { describe, expect, it } from "vitest";
import { isNativeNoise } from "../../src/chat/native-noise.js";

describe("native stderr noise", () => {
  it("leaves out only SQLCipher's codec notice", () => {
    expect(
      isNativeNoise(
        "2026-12-01 15:24:12.080: WARN CORE sqlcipherCodecAttach: no codec attached to db",
      ),
    ).toBe(true);
    expect(isNativeNoise("Error: connect ECONNREFUSED 127.0.0.1:5556")).toBe(false);
    expect(isNativeNoise("2026-12-01 15:24:12.080: ERROR CORE sqlcipher: bad key")).toBe(false);
  });
});
