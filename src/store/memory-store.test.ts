import { describe, expectTypeOf, it } from "vitest";
import { createMemoryStore } from "./memory-store.js";
import type { Json } from "./store.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("memory", { persistent: false, open: () => createMemoryStore() });

// The Json type belongs to no backend; its type tests sit with the simplest one.
describe("Json type", () => {
  it("admits JSON shapes declared with type aliases, optional fields included", () => {
    type Poll = { question: string; options: readonly string[]; closesAt?: number | null };
    expectTypeOf<Poll>().toExtend<Json>();
    expectTypeOf<Poll[]>().toExtend<Json>();
  });

  it("refuses what JSON cannot carry", () => {
    expectTypeOf<() => void>().not.toExtend<Json>();
    expectTypeOf<bigint>().not.toExtend<Json>();
    expectTypeOf<undefined>().not.toExtend<Json>();
    expectTypeOf<{ at: Date }>().not.toExtend<Json>();
    expectTypeOf<Map<string, number>>().not.toExtend<Json>();
  });
});
