import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createRedisStore } from "./redis-store.js";
import { describeStoreContract } from "./store-contract.js";

const url = process.env.REDIS_URL;
/** Unique per run, so parallel runs against one server never see each other's keys. */
const runPrefix = `switchboard-test:${randomUUID()}:`;

describe.skipIf(!url)(
  url ? "redis store" : "redis store (skipped: set REDIS_URL, e.g. redis://127.0.0.1:6379)",
  () => {
    describeStoreContract("redis", {
      persistent: true,
      open: (space) => createRedisStore({ url: url!, keyPrefix: `${runPrefix}${space}:` }),
    });

    it("loses no write when two clients, like two processes, update one key", async () => {
      const keyPrefix = `${runPrefix}two-clients:`;
      const clients = await Promise.all([
        createRedisStore({ url: url!, keyPrefix }),
        createRedisStore({ url: url!, keyPrefix }),
      ]);
      try {
        const increments = clients.flatMap((client) =>
          Array.from({ length: 50 }, () => client.update<number>("counter", (n = 0) => n + 1)),
        );
        await Promise.all(increments);
        expect(await clients[0].get("counter")).toBe(100);
      } finally {
        await clients[0].delete("counter");
        await Promise.all(clients.map((client) => client.close()));
      }
    });
  },
);

describe("redis store without a server", () => {
  it("rejects with SB_STORE_UNAVAILABLE instead of retrying forever", async () => {
    await expect(createRedisStore({ url: "redis://127.0.0.1:1" })).rejects.toMatchObject({
      name: "StoreError",
      code: "SB_STORE_UNAVAILABLE",
    });
  });
});
