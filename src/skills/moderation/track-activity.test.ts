import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalize-text.js";
import type { Rule, RuleSpec } from "./rule.js";
import { type Activity, trackActivity } from "./track-activity.js";

const rules = (...specs: RuleSpec[]): Rule[] =>
  specs.map((spec, index) => ({ id: index + 1, spec }));

/** Feeds messages in order; returns each message's violation reason (or undefined). */
function feed(ruleList: Rule[], messages: Array<{ text: string; at: number }>) {
  let state: Activity | undefined;
  return messages.map((message) => {
    const { next, violation } = trackActivity(
      state,
      { normalizedText: normalizeText(message.text), at: message.at },
      ruleList,
    );
    state = next;
    return violation?.reason;
  });
}

describe("trackActivity", () => {
  it("allows N messages per window and flags the next, then starts counting again", () => {
    const rate = rules({ type: "rate", count: 3, windowMs: 10_000 });
    const at = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000];
    expect(
      feed(
        rate,
        at.map((t, i) => ({ text: `m${i}`, at: t })),
      ),
    ).toEqual([
      undefined,
      undefined,
      undefined,
      "more than 3 messages in 10s",
      undefined,
      undefined,
      undefined,
      "more than 3 messages in 10s",
    ]);
  });

  it("forgets messages older than the window", () => {
    const rate = rules({ type: "rate", count: 2, windowMs: 1000 });
    const at = [0, 600, 1200, 1800, 2400];
    expect(
      feed(
        rate,
        at.map((t) => ({ text: `${t}`, at: t })),
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("flags the same text K times in a row, ignoring case and spacing", () => {
    const repeat = rules({ type: "repeat", count: 3 });
    const texts = ["Buy now", "buy  NOW", "bυy nоw", "buy now", "other", "buy now"];
    expect(
      feed(
        repeat,
        texts.map((text, at) => ({ text, at })),
      ),
    ).toEqual([
      undefined,
      undefined,
      "the same message 3 times in a row",
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("keeps no more send times than the largest rate needs", () => {
    const rate = rules({ type: "rate", count: 2, windowMs: 60_000 });
    let state: Activity | undefined;
    for (let at = 0; at < 50; at++)
      state = trackActivity(state, { normalizedText: `${at}`, at }, rate).next;
    expect(state!.times.length).toBeLessThanOrEqual(3);
    expect(
      trackActivity(undefined, { normalizedText: "x", at: 1 }, rules({ type: "repeat", count: 2 }))
        .next.times,
    ).toEqual([]);
  });
});
