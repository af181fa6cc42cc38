import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type Json, namespaced, type Store } from "./store.js";
import type { StoreErrorCode } from "./store-error.js";

/** How a backend's test file lets the contract open stores. */
export interface StoreContractBackend {
  /**
   * Opens a store on the storage named `space`. Each test asks for a space of its own, which
   * must start empty; opening the same space again must reach the same data.
   */
  open(space: string): Store | Promise<Store>;
  /** True when entries outlive `close()`; the contract then reads them back after reopening. */
  persistent: boolean;
}

/** Long enough that a test never outlives it, short enough to wait out. */
const SHORT_TTL_MS = 50;
const PAST_SHORT_TTL_MS = 120;
const LONG_TTL_MS = 60_000;

/** The runtime guard exists for untyped callers; the types already forbid these values. */
const untyped = (value: unknown) => value as Json;

/**
 * The behaviour every {@link Store} backend promises, as one vitest suite. A backend's test
 * file calls it once per configuration; entries left by a test are deleted after it.
 *
 * @example
 * ```ts
 * describeStoreContract("memory", { persistent: false, open: () => createMemoryStore() });
 * ```
 */
export function describeStoreContract(name: string, backend: StoreContractBackend): void {
  describe(`${name}: Store contract`, () => {
    const openStores = new Set<Store>();
    let spaces = 0;

    /** Opens `space`, or a new empty one. */
    const open = async (space = `space-${++spaces}`) => {
      const store = await backend.open(space);
      openStores.add(store);
      return store;
    };
    const close = async (store: Store) => {
      openStores.delete(store);
      await store.close();
    };

    afterEach(async () => {
      for (const store of openStores) {
        const entries = await store.list("");
        await Promise.all(entries.map(({ key }) => store.delete(key)));
        await close(store);
      }
    });

    const rejectsWith = (action: Promise<unknown>, code: StoreErrorCode) =>
      expect(action).rejects.toMatchObject({ name: "StoreError", code });

    describe("get, set and delete", () => {
      it("reads back what was set, and undefined for a missing key", async () => {
        const store = await open();
        await store.set("greeting", "gm");
        expect(await store.get("greeting")).toBe("gm");
        expect(await store.get("missing")).toBeUndefined();
      });

      it("replaces the value on a second set", async () => {
        const store = await open();
        await store.set("k", 1);
        await store.set("k", { now: 2 });
        expect(await store.get("k")).toEqual({ now: 2 });
      });

      it("deletes an entry and says whether there was one", async () => {
        const store = await open();
        await store.set("k", 1);
        expect(await store.delete("k")).toBe(true);
        expect(await store.get("k")).toBeUndefined();
        expect(await store.delete("k")).toBe(false);
      });

      it.each<[string, Json]>([
        ["an empty string", ""],
        ["unicode text", "gm ☀️ — ünïcødé 𝄞"],
        ["zero", 0],
        ["a negative fraction", -1.5],
        ["a large number", Number.MAX_SAFE_INTEGER],
        ["true", true],
        ["false", false],
        ["null, distinct from missing", null],
        ["an empty array", []],
        ["an empty object", {}],
        ["nested values", { poll: { options: ["a", "b"], votes: { alice: 0 }, open: true } }],
        ["mixed arrays", [1, "two", null, [false], { three: 3 }]],
      ])("round-trips %s", async (_, value) => {
        const store = await open();
        await store.set("k", value);
        expect(await store.get("k")).toStrictEqual(value);
      });

      it("drops undefined object properties, as JSON does", async () => {
        const store = await open();
        await store.set("k", { kept: 1, dropped: undefined });
        expect(await store.get("k")).toStrictEqual({ kept: 1 });
      });

      it("copies values in and out", async () => {
        const store = await open();
        const value = { tags: ["a"] };
        await store.set("k", value);
        value.tags.push("changed after set");
        const read = await store.get<{ tags: string[] }>("k");
        read?.tags.push("changed after get");
        expect(await store.get("k")).toEqual({ tags: ["a"] });
      });
    });

    describe("expiry", () => {
      it("hides expired entries from every method", async () => {
        const store = await open();
        await store.set("gone", 1, { ttlMs: SHORT_TTL_MS });
        await store.set("kept", 2, { ttlMs: LONG_TTL_MS });
        await store.set("gone-too", 3, { ttlMs: SHORT_TTL_MS });
        expect(await store.get("gone")).toBe(1);
        await sleep(PAST_SHORT_TTL_MS);
        expect(await store.get("gone")).toBeUndefined();
        expect(await store.get("kept")).toBe(2);
        expect(await store.list("")).toEqual([{ key: "kept", value: 2 }]);
        expect(await store.delete("gone")).toBe(false);
        expect(await store.update<number>("gone-too", (current) => current)).toBeUndefined();
        expect(await store.setIfAbsent("gone", 4)).toBe(true);
        expect(await store.get("gone")).toBe(4);
      });

      it("clears an earlier expiry when set without ttlMs", async () => {
        const store = await open();
        await store.set("k", 1, { ttlMs: SHORT_TTL_MS });
        await store.set("k", 2);
        await sleep(PAST_SHORT_TTL_MS);
        expect(await store.get("k")).toBe(2);
      });

      it("keeps an entry's expiry through update unless given a new ttlMs", async () => {
        const store = await open();
        await store.set("keeps", 1, { ttlMs: SHORT_TTL_MS });
        await store.set("extends", 1, { ttlMs: SHORT_TTL_MS });
        await store.update<number>("keeps", (n = 0) => n + 1);
        await store.update<number>("extends", (n = 0) => n + 1, { ttlMs: LONG_TTL_MS });
        await sleep(PAST_SHORT_TTL_MS);
        expect(await store.get("keeps")).toBeUndefined();
        expect(await store.get("extends")).toBe(2);
      });

      it("expires entries created by setIfAbsent and update", async () => {
        const store = await open();
        await store.setIfAbsent("claimed", true, { ttlMs: SHORT_TTL_MS });
        await store.update("counted", () => 1, { ttlMs: SHORT_TTL_MS });
        await sleep(PAST_SHORT_TTL_MS);
        expect(await store.list("")).toEqual([]);
      });
    });

    describe("setIfAbsent", () => {
      it("lets exactly one of 20 concurrent callers claim a key", async () => {
        const store = await open();
        const callers = Array.from({ length: 20 }, (_, caller) => caller);
        const won = await Promise.all(callers.map((caller) => store.setIfAbsent("claim", caller)));
        expect(won.filter(Boolean)).toHaveLength(1);
        expect(await store.get("claim")).toBe(won.indexOf(true));
      });

      it("leaves a live entry untouched", async () => {
        const store = await open();
        await store.set("k", "first");
        expect(await store.setIfAbsent("k", "second")).toBe(false);
        expect(await store.get("k")).toBe("first");
      });
    });

    describe("update", () => {
      it("loses no write under 50 concurrent increments", async () => {
        const store = await open();
        const increments = Array.from({ length: 50 }, () =>
          store.update<number>("counter", (n = 0) => n + 1),
        );
        const results = await Promise.all(increments);
        expect(await store.get("counter")).toBe(50);
        // Each increment saw a different count: none was applied twice or on a stale read.
        expect(results.sort((a = 0, b = 0) => a - b)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      });

      it("passes undefined for a missing key and resolves to the stored value", async () => {
        const store = await open();
        const seen: unknown[] = [];
        const stored = await store.update<{ count: number }>("k", (current) => {
          seen.push(current);
          return { count: 1 };
        });
        expect(seen.at(-1)).toBeUndefined();
        expect(stored).toEqual({ count: 1 });
        expect(await store.get("k")).toEqual({ count: 1 });
      });

      it("deletes the entry when fn returns undefined", async () => {
        const store = await open();
        await store.set("k", 1);
        expect(await store.update("k", () => undefined)).toBeUndefined();
        expect(await store.get("k")).toBeUndefined();
        expect(await store.update("missing", () => undefined)).toBeUndefined();
        expect(await store.list("")).toEqual([]);
      });

      it("writes nothing when fn throws", async () => {
        const store = await open();
        await store.set("k", 1);
        const failing = store.update<number>("k", () => {
          throw new Error("skill bug");
        });
        await expect(failing).rejects.toThrow("skill bug");
        expect(await store.get("k")).toBe(1);
        await store.update<number>("k", (n = 0) => n + 1);
        expect(await store.get("k")).toBe(2);
      });
    });

    describe("list", () => {
      it("lists the live entries under a prefix, in key order", async () => {
        const store = await open();
        await store.set("polls:b", "B");
        await store.set("polls:a", "A");
        await store.set("polls:expired", "X", { ttlMs: SHORT_TTL_MS });
        await store.set("polls", "bare prefix without the colon");
        await store.set("pollsx", "longer word");
        await store.set("Polls:c", "other case");
        await store.set("mod:1", "other prefix");
        await sleep(PAST_SHORT_TTL_MS);
        expect(await store.list("polls:")).toEqual([
          { key: "polls:a", value: "A" },
          { key: "polls:b", value: "B" },
        ]);
        expect((await store.list("")).map(({ key }) => key)).toEqual([
          "Polls:c",
          "mod:1",
          "polls",
          "polls:a",
          "polls:b",
          "pollsx",
        ]);
        expect(await store.list("nothing:")).toEqual([]);
      });

      it.each(["a*", "a?", "a[b]", "a%", "a_", "a\\", "a.", "a^"])(
        "matches the characters in prefix %s literally",
        async (prefix) => {
          const store = await open();
          const keys = ["a*", "a?", "a[b]", "a%", "a_", "a\\", "a.", "a^", "ab", "ax", "a[", "A"];
          await Promise.all(keys.map((key) => store.set(`${key}:1`, key)));
          expect(await store.list(prefix)).toEqual([{ key: `${prefix}:1`, value: prefix }]);
        },
      );
    });

    describe("namespaced", () => {
      it("isolates views from each other and strips the prefix from list", async () => {
        const store = await open();
        const polls = namespaced(store, "skill:polls:");
        const mod = namespaced(store, "skill:mod:");
        await polls.set("1", "poll");
        await mod.set("1", "mod log");
        await polls.setIfAbsent("2", "second poll");
        await mod.update<number>("count", (n = 0) => n + 1);
        expect(await polls.get("1")).toBe("poll");
        expect(await mod.get("1")).toBe("mod log");
        expect(await polls.list("")).toEqual([
          { key: "1", value: "poll" },
          { key: "2", value: "second poll" },
        ]);
        expect(await mod.delete("2")).toBe(false);
        expect(await polls.delete("2")).toBe(true);
        expect((await store.list("skill:")).map(({ key }) => key)).toEqual([
          "skill:mod:1",
          "skill:mod:count",
          "skill:polls:1",
        ]);
      });

      it("nests, and a view's close leaves the store open", async () => {
        const store = await open();
        const inner = namespaced(namespaced(store, "a:"), "b:");
        await inner.set("k", 1);
        expect(await store.get("a:b:k")).toBe(1);
        await inner.close();
        expect(await store.get("a:b:k")).toBe(1);
      });

      it("rejects an empty prefix and empty keys", async () => {
        const store = await open();
        expect(() => namespaced(store, "")).toThrow(
          expect.objectContaining({ code: "SB_STORE_INVALID_KEY" }),
        );
        await rejectsWith(namespaced(store, "view:").set("", 1), "SB_STORE_INVALID_KEY");
      });
    });

    it.runIf(backend.persistent)("keeps entries across close and reopen", async () => {
      const space = `space-${++spaces}`;
      const first = await open(space);
      await first.set("plain", { kept: true });
      await first.set("expiring", 1, { ttlMs: LONG_TTL_MS });
      await first.update<number>("counter", (n = 0) => n + 1);
      await close(first);
      const second = await open(space);
      expect(await second.list("")).toEqual([
        { key: "counter", value: 1 },
        { key: "expiring", value: 1 },
        { key: "plain", value: { kept: true } },
      ]);
    });

    describe("bad input", () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;

      it.each<[string, unknown]>([
        ["a function", () => 1],
        ["a BigInt", 10n],
        ["a symbol", Symbol("s")],
        ["NaN", Number.NaN],
        ["Infinity", Number.POSITIVE_INFINITY],
        ["a Date", new Date(0)],
        ["a Map", new Map()],
        ["a class instance", new (class Poll {})()],
        ["a nested function", { poll: { onClose: () => 1 } }],
        ["a nested BigInt in an array", [1, [2n]]],
        // biome-ignore lint/suspicious/noSparseArray: the hole is what is being tested
        ["an array with a hole", [1, , 3]],
        ["a circular object", circular],
      ])("rejects %s in set, setIfAbsent and update, storing nothing", async (_, value) => {
        const store = await open();
        await store.set("k", "before");
        await rejectsWith(store.set("k", untyped(value)), "SB_STORE_INVALID_VALUE");
        await rejectsWith(store.setIfAbsent("k", untyped(value)), "SB_STORE_INVALID_VALUE");
        await rejectsWith(store.setIfAbsent("new", untyped(value)), "SB_STORE_INVALID_VALUE");
        await rejectsWith(
          store.update("k", () => untyped(value)),
          "SB_STORE_INVALID_VALUE",
        );
        expect(await store.list("")).toEqual([{ key: "k", value: "before" }]);
      });

      it("rejects undefined in set and setIfAbsent, where update takes it to mean delete", async () => {
        const store = await open();
        await store.set("k", "before");
        await rejectsWith(store.set("k", untyped(undefined)), "SB_STORE_INVALID_VALUE");
        await rejectsWith(store.setIfAbsent("new", untyped(undefined)), "SB_STORE_INVALID_VALUE");
        expect(await store.list("")).toEqual([{ key: "k", value: "before" }]);
      });

      it("names the offending part of the value", async () => {
        const store = await open();
        await expect(store.set("poll:1", untyped({ options: [{ at: 1n }] }))).rejects.toThrow(
          'cannot store "poll:1": value.options[0].at is a bigint',
        );
      });

      it("rejects an empty key in every method", async () => {
        const store = await open();
        await rejectsWith(store.get(""), "SB_STORE_INVALID_KEY");
        await rejectsWith(store.set("", 1), "SB_STORE_INVALID_KEY");
        await rejectsWith(store.setIfAbsent("", 1), "SB_STORE_INVALID_KEY");
        await rejectsWith(store.delete(""), "SB_STORE_INVALID_KEY");
        await rejectsWith(
          store.update("", () => 1),
          "SB_STORE_INVALID_KEY",
        );
      });

      it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
        "rejects ttlMs %s, storing nothing",
        async (ttlMs) => {
          const store = await open();
          await store.set("k", "before");
          await rejectsWith(store.set("k", 1, { ttlMs }), "SB_STORE_INVALID_TTL");
          await rejectsWith(store.setIfAbsent("k", 1, { ttlMs }), "SB_STORE_INVALID_TTL");
          await rejectsWith(store.setIfAbsent("new", 1, { ttlMs }), "SB_STORE_INVALID_TTL");
          await rejectsWith(
            store.update("k", () => 1, { ttlMs }),
            "SB_STORE_INVALID_TTL",
          );
          expect(await store.list("")).toEqual([{ key: "k", value: "before" }]);
        },
      );
    });

    it("closes twice without error", async () => {
      const store = await open();
      await close(store);
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}
