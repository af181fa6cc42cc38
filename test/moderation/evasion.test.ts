import type { Group } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askBot } from "../../src/skills/membership/chat-test-support.js";
import { moderation } from "../../src/skills/moderation/moderation.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";
import { sendAndCountStrikes } from "./strike-count.js";

/** Invisible characters a member can hide anything behind or inside. */
const INVISIBLES = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\uFE0F", "\u034F"];
const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Zero-width padding of about `bytes` UTF-8 bytes, cycling through `chars`. */
function padding(bytes: number, chars: readonly string[]): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const char = chars[i % chars.length]!;
    parts.push(char);
    size += utf8Bytes(char);
  }
  return parts.join("");
}

// Rule #1 blocks the word "casino"; the admin adds the patterns in the chat (#2, #3...).
describe("a member trying to evade moderation, with real clients on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let mallory: TestUser;
  let group: Group;
  let malloryGroup: Group;
  const strikes = (texts: readonly string[], timeoutMs?: number) =>
    sendAndCountStrikes(mallory, malloryGroup, bot.inboxId, texts, timeoutMs);

  beforeAll(async () => {
    [bot, alice, mallory] = await Promise.all([
      TestAgent.start({
        skills: [moderation({ strikeLimit: 100, rules: [{ type: "word", words: ["casino"] }] })],
      }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "mallory" }),
    ]);
    group = await alice.createGroup([bot.address, mallory.address]);
    malloryGroup = (await mallory.conversation(group.id)) as Group;
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), mallory?.stop()]);
  });

  it("refuses the patterns its engine cannot run in linear time, and accepts the rest", async () => {
    const admin = (text: string) => askBot(alice, group, bot.inboxId, text);
    expect(await admin("/rule add regex (\\w+)\\s+\\1")).toMatch(
      /^I can't add that rule: pattern: backreferences .* cannot be matched in linear time/,
    );
    expect(await admin("/rule add regex cheap(?=\\s*viagra)")).toMatch(
      /^I can't add that rule: pattern: lookahead and lookbehind .* cannot be matched in linear time/,
    );
    // Catastrophic for a backtracking engine; linear here, so it is accepted and cannot stall.
    expect(await admin("/rule add regex [\\s\\S]*[\\s\\S]*[\\s\\S]*x$")).toBe(
      "Added rule #2 blocked pattern: /[\\s\\S]*[\\s\\S]*[\\s\\S]*x$/.",
    );
    expect(await admin("/rule add regex (x+x+)+y")).toBe(
      "Added rule #3 blocked pattern: /(x+x+)+y/.",
    );
    expect(await admin('/rule add regex "cheap\\s+viagra"')).toBe(
      "Added rule #4 blocked pattern: /cheap\\s+viagra/.",
    );
  });

  it.each([
    ["4k", 4_001 * 3],
    ["50k", 50_000 * 3],
    ["900KB", 900 * 1024],
  ])("strikes banned text after %s of zero-width padding", async (name, bytes) => {
    const zwsp = padding(bytes, ["\u200B"]);
    const mixed = padding(bytes, INVISIBLES);
    const texts = [
      `${zwsp}play casino now`,
      `${mixed}play casino now`,
      `${zwsp}cheap viagra`,
      `${mixed}CHEAP  VIAGRA here`,
      `${zwsp}c\u200Bа\u200Bsino`,
    ];
    const largest = Math.max(...texts.map(utf8Bytes));
    const count = await strikes(texts, 120_000);
    console.log(
      `padding ${name} (largest message ${Math.round(largest / 1024)} KB): sent ${count.sent}, struck ${count.struck}, evaded ${count.evaded}`,
    );
    expect(count.evaded).toBe(0);
    expect(count.replies.get(2)).toMatch(/rule #4 \(blocked pattern\)/);
  });

  it("strikes the word with zero-width characters inside it", async () => {
    const texts = [
      "ca\u200Bsino",
      "c\u200Ca\u200Ds\u2060i\uFEFFno",
      "cas\u00ADino",
      "casi\uFE0Fno",
      "c\u034Fa\u200Bs\u200Bi\u200Bn\u200Bo tonight",
      "\u202Ecasino\u202C",
    ];
    const count = await strikes(texts);
    console.log(
      `zero-width inside: sent ${count.sent}, struck ${count.struck}, evaded ${count.evaded}`,
    );
    expect(count.evaded).toBe(0);
  });

  it("strikes homoglyphs: Cyrillic, Greek, fullwidth, mathematical, accented", async () => {
    const texts = [
      "cаsinо", // Cyrillic а, о
      "cаsіnо", // Cyrillic а, і, о
      "ѕаѕ casіno", // Cyrillic і
      "сasino", // Cyrillic с
      "cαsιnο", // Greek α, ι, ο
      "CΑSΙΝΟ", // Greek capitals
      "ｃａｓｉｎｏ", // fullwidth
      "𝐜𝐚𝐬𝐢𝐧𝐨", // mathematical bold
      "𝕔𝕒𝕤𝕚𝕟𝕠", // double-struck
      "cásìnö", // accents
      "c̷a̷s̷i̷n̷o̷", // combining overlays
    ];
    const count = await strikes(texts);
    console.log(`homoglyphs: sent ${count.sent}, struck ${count.struck}, evaded ${count.evaded}`);
    expect(count.evaded).toBe(0);
  });

  it("strikes with the normal pattern whatever the evil one beside it does", async () => {
    const texts = [
      `cheap viagra ${"a".repeat(3_000)}`,
      `cheap viagra ${"a".repeat(50_000)}!`,
      `${"a".repeat(100_000)} cheap viagra`,
      `${" ".repeat(20_000)}cheap\t\tviagra${"\u200B".repeat(20_000)}`,
    ];
    const count = await strikes(texts);
    console.log(
      `evil regex beside a normal rule: sent ${count.sent}, struck ${count.struck}, evaded ${count.evaded}`,
    );
    expect(count.evaded).toBe(0);
    for (const reply of count.replies.values())
      expect(reply).toMatch(/rule #4 \(blocked pattern\)/);
    // The evil pattern itself matches in linear time when its text comes.
    const evil = await strikes([`${"b".repeat(100_000)}x`]);
    expect(evil.replies.get(0)).toMatch(/rule #2 \(blocked pattern\)/);
  });

  it("does not strike ordinary messages that merely resemble the rules", async () => {
    const controls = ["the casinos are closed", "cheap vinegar", "a".repeat(10_000), "casin o"];
    // Once the last message (which must be struck) is, the controls before it were checked.
    const count = await strikes([...controls, "casino"]);
    const falsePositives = [...count.replies.keys()].filter((index) => index < controls.length);
    console.log(
      `ordinary messages: sent ${controls.length}, struck ${falsePositives.length} (sentinel struck: ${count.replies.has(controls.length)})`,
    );
    expect(count.replies.has(controls.length)).toBe(true);
    expect(falsePositives).toEqual([]);
  });
});
