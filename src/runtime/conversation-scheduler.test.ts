import { describe, expect, it } from "vitest";
import { ConversationScheduler } from "./conversation-scheduler.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("ConversationScheduler", () => {
  it("keeps each conversation's tasks in order even when later ones are faster", async () => {
    const scheduler = new ConversationScheduler({ concurrency: 4 });
    const seen: string[] = [];
    const all = [];
    for (let i = 0; i < 5; i++) {
      for (const conversation of ["a", "b"]) {
        all.push(
          scheduler.enqueue(conversation, async () => {
            await sleep(10 - i * 2);
            seen.push(`${conversation}${i}`);
          }),
        );
      }
    }
    await Promise.all(all);
    expect(seen.filter((s) => s.startsWith("a"))).toEqual(["a0", "a1", "a2", "a3", "a4"]);
    expect(seen.filter((s) => s.startsWith("b"))).toEqual(["b0", "b1", "b2", "b3", "b4"]);
  });

  it("runs different conversations concurrently up to the limit, never beyond", async () => {
    const scheduler = new ConversationScheduler({ concurrency: 3 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        scheduler.enqueue(`c${i}`, async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(15);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it("does not let one busy conversation starve another", async () => {
    const scheduler = new ConversationScheduler({ concurrency: 1 });
    const order: string[] = [];
    const busy = Array.from({ length: 3 }, (_, i) =>
      scheduler.enqueue("busy", async () => {
        order.push(`busy${i}`);
      }),
    );
    const other = scheduler.enqueue("other", async () => {
      order.push("other");
    });
    await Promise.all([...busy, other]);
    expect(order.indexOf("other")).toBeLessThan(order.indexOf("busy2"));
  });

  it("keeps going after a task throws", async () => {
    const scheduler = new ConversationScheduler({ concurrency: 1 });
    const order: string[] = [];
    await Promise.all([
      scheduler.enqueue("a", async () => {
        throw new Error("boom");
      }),
      scheduler.enqueue("a", async () => {
        order.push("after");
      }),
    ]);
    expect(order).toEqual(["after"]);
  });

  it("reports idleness and times out a drain that takes too long", async () => {
    const scheduler = new ConversationScheduler({ concurrency: 2 });
    expect(await scheduler.whenIdle(10)).toBe(true);
    void scheduler.enqueue("a", () => sleep(200));
    expect(scheduler.inFlight).toBe(1);
    expect(await scheduler.whenIdle(20)).toBe(false);
    expect(await scheduler.whenIdle(1_000)).toBe(true);
  });

  it("rejects a nonsensical concurrency", () => {
    expect(() => new ConversationScheduler({ concurrency: 0 })).toThrow(RangeError);
  });
});
