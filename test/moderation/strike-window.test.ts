import type { Group } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askBot } from "../../src/skills/membership/chat-test-support.js";
import { shortAddress } from "../../src/skills/membership/member-label.js";
import { moderation } from "../../src/skills/moderation/moderation.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";

const WINDOW_MS = 3_000;

describe("strikes expire, and refusals say plainly what did not happen, with real clients", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let mallory: TestUser;
  let malloryGroup: Group;
  let label: string;
  const mallorySays = (text: string) => askBot(mallory, malloryGroup, bot.inboxId, text);

  beforeAll(async () => {
    [bot, alice, mallory] = await Promise.all([
      TestAgent.start({
        skills: [
          moderation({
            strikeLimit: 2,
            strikeWindow: `${WINDOW_MS / 1000}s`,
            rules: [{ type: "word", words: ["casino"] }],
          }),
        ],
      }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "mallory" }),
    ]);
    const group = await alice.createGroup([bot.address, mallory.address]);
    malloryGroup = (await mallory.conversation(group.id)) as Group;
    label = shortAddress(mallory.address);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), mallory?.stop()]);
  });

  it("counts only the strikes within the window, then refuses the removal in a quoted reply", async () => {
    const strike = (n: number) =>
      `⚠️ ${label}: strike ${n}/2 — rule #1 (blocked words): that word is not allowed here.`;
    expect(await mallorySays("casino")).toBe(strike(1));
    // Longer than the window: the first strike has expired.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 500));
    expect(await mallorySays("casino again")).toBe(strike(1));
    const atLimit = await mallorySays("casino once more");
    console.log(
      `strike window ${WINDOW_MS} ms: strikes after the wait 1 then 2; reply "${atLimit}"`,
    );
    expect(atLimit).toBe(
      [strike(2), `I couldn't remove ${label}: I need to be an admin of this group.`].join("\n"),
    );
  });
});
