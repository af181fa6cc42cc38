import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { MessageClaims } from "./message-claims.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("MessageClaims", () => {
  it("lets exactly one of several replicas claim a message", async () => {
    const store = createMemoryStore();
    const replicas = Array.from({ length: 5 }, () => new MessageClaims(store, { ttlMs: 1_000 }));
    const wins = await Promise.all(replicas.map((replica) => replica.claim("m1")));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("frees a released claim for the next replica, but only the owner can release", async () => {
    const store = createMemoryStore();
    const [a, b] = [
      new MessageClaims(store, { ttlMs: 1_000 }),
      new MessageClaims(store, { ttlMs: 1_000 }),
    ];
    expect(await a.claim("m1")).toBe(true);
    await b.release("m1");
    expect(await b.claim("m1")).toBe(false);
    await a.release("m1");
    expect(await b.claim("m1")).toBe(true);
  });

  it("expires an unrenewed claim (a dead replica) and keeps a held one alive", async () => {
    const store = createMemoryStore();
    const [a, b] = [
      new MessageClaims(store, { ttlMs: 80 }),
      new MessageClaims(store, { ttlMs: 80 }),
    ];
    expect(await a.claim("dead")).toBe(true);
    await sleep(120);
    expect(await b.claim("dead")).toBe(true);

    expect(await a.claim("busy")).toBe(true);
    await a.hold("busy", async () => {
      await sleep(200);
      expect(await b.claim("busy")).toBe(false);
    });
    expect(await a.renew("busy")).toBe(true);
    expect(await b.renew("busy")).toBe(false);
  });

  it("takes over at once a claim left by a dead process of its own replica slot", async () => {
    const store = createMemoryStore();
    const crashed = new MessageClaims(store, { ttlMs: 60_000, replicaId: "solo" });
    expect(await crashed.claim("in-flight")).toBe(true);

    const restarted = new MessageClaims(store, { ttlMs: 60_000, replicaId: "solo" });
    const otherSlot = new MessageClaims(store, { ttlMs: 60_000, replicaId: "b" });
    const anonymous = new MessageClaims(store, { ttlMs: 60_000 });
    expect(await otherSlot.claim("in-flight")).toBe(false);
    expect(await anonymous.claim("in-flight")).toBe(false);
    expect(await restarted.claim("in-flight")).toBe(true);
    expect(await crashed.renew("in-flight")).toBe(false);
    // Its own claim again is not a predecessor's.
    expect(await restarted.claim("in-flight")).toBe(false);
  });
});
