import { describe, expect, it } from "vitest";
import { missingPersistence, type RedisConfigReader } from "./redis-persistence.js";

function redisWith(config: Record<string, string> | "disabled", info = ""): RedisConfigReader {
  return {
    configGet: async (parameter) => {
      if (config === "disabled") throw new Error("ERR unknown command 'CONFIG'");
      return { [parameter]: config[parameter] ?? "" };
    },
    info: async () => info,
  };
}

describe("missingPersistence", () => {
  it("accepts AOF, and says what is lost without it", async () => {
    expect(await missingPersistence(redisWith({ appendonly: "yes", save: "" }))).toBeUndefined();
    expect(await missingPersistence(redisWith({ appendonly: "no", save: "" }))).toMatch(
      /no persistence at all/,
    );
    expect(await missingPersistence(redisWith({ appendonly: "no", save: "3600 1" }))).toMatch(
      /only snapshots/,
    );
  });

  it("falls back to INFO where CONFIG is disabled, and stays quiet when it cannot tell", async () => {
    expect(await missingPersistence(redisWith("disabled", "aof_enabled:1\r\n"))).toBeUndefined();
    expect(await missingPersistence(redisWith("disabled", "aof_enabled:0\r\n"))).toMatch(/AOF off/);
    expect(await missingPersistence(redisWith("disabled"))).toBeUndefined();
  });
});
