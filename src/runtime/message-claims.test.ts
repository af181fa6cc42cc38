import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { MessageClaims } from "./message-claims.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("MessageClaims", () => {
  it("lets exactly one of several replicas claim a message", async () => {
    const store = createMemoryStore();
    const replicas = Array.from({ length: 5 }, () => new MessageClaims(store, { ttlMs: 1_000 }));
    const wins = await Promise.all(replicas.map((replica) => replica.claim("m1")));
    expect(wins.filter((result) => result === "won")).toHaveLength(1);
    expect(wins.filter((result) => result === "held")).toHaveLength(4);
  });

  it("never lets a handled message be claimed again, and forgets it after the retention", async () => {
    const store = createMemoryStore();
    const [a, b] = [
      new MessageClaims(store, { ttlMs: 1_000, retentionMs: 60 }),
      new MessageClaims(store, { ttlMs: 1_000, retentionMs: 60 }),
    ];
    expect(await a.claim("m1")).toBe("won");
    await a.complete("m1");
    expect(await b.claim("m1")).toBe("handled");
    expect(await a.claim("m1")).toBe("handled");
    expect(await b.isHandled("m1")).toBe(true);
    await sleep(100);
    expect(await b.isHandled("m1")).toBe(false);
  });

  it("gives a late renewal's handled marker its retention back, not the claim's TTL", async () => {
    const store = createMemoryStore();
    const claims = new MessageClaims(store, { ttlMs: 40 });
    expect(await claims.claim("m1")).toBe("won");
    await claims.complete("m1");
    expect(await claims.renew("m1")).toBe(false);
    await sleep(80);
    expect(await claims.isHandled("m1")).toBe(true);
  });

  it("expires an unrenewed claim (a dead replica) and keeps a held one alive", async () => {
    const store = createMemoryStore();
    const [a, b] = [
      new MessageClaims(store, { ttlMs: 80 }),
      new MessageClaims(store, { ttlMs: 80 }),
    ];
    expect(await a.claim("dead")).toBe("won");
    await sleep(120);
    expect(await b.claim("dead")).toBe("won");

    expect(await a.claim("busy")).toBe("won");
    await a.hold("busy", async () => {
      await sleep(200);
      expect(await b.claim("busy")).toBe("held");
    });
    expect(await a.renew("busy")).toBe(true);
    expect(await b.renew("busy")).toBe(false);
  });

  it("takes over at once a claim left by a dead process of its own replica slot", async () => {
    const store = createMemoryStore();
    const crashed = new MessageClaims(store, { ttlMs: 60_000, replicaId: "solo" });
    expect(await crashed.claim("in-flight")).toBe("won");

    const restarted = new MessageClaims(store, { ttlMs: 60_000, replicaId: "solo" });
    const otherSlot = new MessageClaims(store, { ttlMs: 60_000, replicaId: "b" });
    const anonymous = new MessageClaims(store, { ttlMs: 60_000 });
    expect(await otherSlot.claim("in-flight")).toBe("held");
    expect(await anonymous.claim("in-flight")).toBe("held");
    expect(await restarted.claim("in-flight")).toBe("resumed");
    expect(await crashed.renew("in-flight")).toBe(false);
    // A retry of its own claim wins it again.
    expect(await restarted.claim("in-flight")).toBe("resumed");
  });

  it("on an exclusive store, claims without a write and writes only the handled marker", async () => {
    const store = createMemoryStore();
    const writes: string[] = [];
    const counting = {
      ...store,
      set: ((key, value, options) => {
        writes.push(`set ${key}`);
        return store.set(key, value, options);
      }) as typeof store.set,
      setIfAbsent: ((key, value, options) => {
        writes.push(`setIfAbsent ${key}`);
        return store.setIfAbsent(key, value, options);
      }) as typeof store.setIfAbsent,
    };
    const first = new MessageClaims(counting, { ttlMs: 1_000, exclusive: true });
    expect(await first.claim("quiet")).toBe("won");
    expect(await first.hold("quiet", async () => "ran")).toBe("ran");
    await first.complete("quiet");
    expect(await first.claim("in-flight")).toBe("won");
    expect(writes).toEqual(["set quiet"]);
    // The process dies here; the next one knows the handled message, and a claim left on the
    // same data dir by a shared-store configuration is an attempt begun before.
    await store.set("claimed-before", "0/earlier-process");
    const next = new MessageClaims(counting, { ttlMs: 1_000, exclusive: true });
    expect(await next.claim("quiet")).toBe("handled");
    expect(await next.claim("in-flight")).toBe("won");
    expect(await next.claim("claimed-before")).toBe("resumed");
  });
});
