import type { Group } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestAgent, TestUser, waitFor } from "../../testing/index.js";
import { askBot, textOf, waitForBotText } from "../membership/chat-test-support.js";
import { shortAddress } from "../membership/member-label.js";
import { moderation } from "./moderation.js";

describe("moderation skill end to end on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let group: Group;
  let bobGroup: Group;
  let bobLabel: string;
  let carolLabel: string;
  const ask = (text: string, pattern?: RegExp) => askBot(alice, group, bot.inboxId, text, pattern);
  const bobSays = (text: string, pattern?: RegExp) =>
    askBot(bob, bobGroup, bot.inboxId, text, pattern);

  beforeAll(async () => {
    [bot, alice, bob, carol] = await Promise.all([
      TestAgent.start({ skills: [moderation({ strikeLimit: 2 })] }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
      TestUser.create({ name: "carol" }),
    ]);
    group = await alice.createGroup([bot.address, bob.address, carol.address]);
    bobGroup = (await bob.conversation(group.id)) as Group;
    bobLabel = shortAddress(bob.address);
    carolLabel = shortAddress(carol.address);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop(), carol?.stop()]);
  });

  it("lets anyone read the rules, and only admins change them or moderate", async () => {
    expect(await bobSays("/rules")).toMatch(/^This group has no rules yet/);
    expect(await bobSays("/rule add word spam")).toBe("Only group admins can use /rule.");
    expect(await bobSays(`/kick ${alice.address}`)).toBe("Only group admins can use /kick.");
    expect(await bobSays(`/warn ${carol.address}`)).toBe("Only group admins can use /warn.");
    expect(await bobSays("/rules")).toMatch(/^This group has no rules yet/);
  });

  it("answers invalid regexes and addresses clearly", async () => {
    expect(await ask("/rule add regex (a)\\1")).toMatch(
      /^I can't add that rule: pattern: backreferences \(\\1, \\k<name>\) are not supported: they cannot be matched in linear time\n/,
    );
    expect(await ask("/rule add regex [oops")).toMatch(
      /^I can't add that rule: pattern: invalid regex: missing closing \]/,
    );
    const invalid = await ask("/warn 0x123");
    expect(invalid).toMatch(/^<member>: expected an Ethereum address \(0x \+ 40 hex digits\)/);
    expect(invalid).toContain("Usage: /warn <member>");
  });

  it("keeps rules set by an admin across a restart", async () => {
    expect(await ask("/rule add word spam")).toBe("Added rule #1 blocked words: spam.");
    expect(await ask("/rule add links allow xmtp.org")).toBe(
      "Added rule #2 links only to xmtp.org.",
    );
    await bot.restart();
    expect(await bobSays("/rules")).toBe(
      [
        "Rules (2 strikes within 1 day and you are removed):",
        "#1 blocked words: spam",
        "#2 links only to xmtp.org",
      ].join("\n"),
    );
  });

  it("gives a strike for a blocked word, naming the rule", async () => {
    expect(await bobSays("buy SPAM now", /strike/)).toBe(
      `⚠️ ${bobLabel}: strike 1/2 — rule #1 (blocked words): that word is not allowed here.`,
    );
    // An allowed link and an ordinary message cost nothing.
    const quiet = bob.mark();
    await bobGroup.sendText("docs: https://docs.xmtp.org/intro");
    expect(await bobSays(`/strikes ${bob.address}`)).toBe("Only group admins can use /strikes.");
    expect(await ask(`/strikes ${bob.address}`)).toBe(`${bobLabel} has 1/2 strikes.`);
    const answers = () =>
      bob.log.messages
        .slice(quiet)
        .filter((m) => m.senderInboxId === bot.inboxId)
        .map(textOf);
    await waitFor(() => answers().length >= 2, { description: "both answers at bob's end" });
    expect(answers()).toEqual([
      "Only group admins can use /strikes.",
      `${bobLabel} has 1/2 strikes.`,
    ]);
  });

  it("at the strike limit, replies plainly that it needs to be an admin", async () => {
    expect(await bobSays("see https://evil.example.com")).toBe(
      [
        `⚠️ ${bobLabel}: strike 2/2 — rule #2 (links): links to evil.example.com are not allowed (only xmtp.org).`,
        `I couldn't remove ${bobLabel}: I need to be an admin of this group.`,
      ].join("\n"),
    );
    await group.sync();
    expect((await group.members()).map((m) => m.inboxId)).toContain(bob.inboxId);
  });

  it("removes the member at the limit once it is an admin, and announces it", async () => {
    await group.addSuperAdmin(bot.inboxId);
    const after = alice.mark();
    // Markdown is moderated like text.
    await bobGroup.sendMarkdown("**spam** again");
    expect(await waitForBotText(alice, group, bot.inboxId, /🚫/, after)).toBe(
      [
        `⚠️ ${bobLabel}: strike 3/2 — rule #1 (blocked words): that word is not allowed here.`,
        `🚫 Removed ${bobLabel} (3 strikes).`,
      ].join("\n"),
    );
    await alice.waitForGroupUpdate(group, (m) =>
      (m.content as { removedInboxes: Array<{ inboxId: string }> }).removedInboxes.some(
        (removed) => removed.inboxId === bob.inboxId,
      ),
    );
    await waitFor(
      async () => {
        await group.sync();
        return !(await group.members()).some((m) => m.inboxId === bob.inboxId);
      },
      { description: "bob gone from alice's view of the group" },
    );
  });

  it("warns and kicks by hand", async () => {
    expect(await ask(`/warn ${carol.address} off topic`)).toBe(
      `⚠️ ${carolLabel}: strike 1/2 — warned by ${shortAddress(alice.address)}: off topic.`,
    );
    expect(await ask("/strikes")).toBe(`${carolLabel}: 1/2`);
    expect(await ask(`/kick ${carol.inboxId}`)).toBe(
      `🚫 Removed ${carolLabel} (kicked by ${shortAddress(alice.address)}).`,
    );
    expect(await ask(`/kick ${carol.address}`)).toBe(`${carolLabel} is not in this group.`);
  });

  it("shows what it did in /modlog, and logs it", async () => {
    const lines = (await ask("/modlog 20")).split("\n");
    const actions = lines.map((line) => line.split(" · ")[1]);
    expect(actions).toEqual([
      "rule-added",
      "rule-added",
      "strike",
      "strike",
      "remove-refused",
      "strike",
      "remove",
      "warn",
      "kick",
    ]);
    expect(lines[2]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC · strike · ${bobLabel} · rule #1 \\(blocked words\\) · 1/2 · by me \\(automatic\\)$`,
      ),
    );
    expect(lines[6]).toContain(`remove · ${bobLabel} · rule #1 (blocked words) · 3 strikes`);
    expect(lines[8]).toContain(`kick · ${carolLabel}`);
    expect(lines[8]).toContain(`by ${shortAddress(alice.address)}`);
    expect((await ask("/modlog 1")).split("\n")).toHaveLength(1);
    expect(bot.logLines.some((line) => line.includes('"msg":"moderation: remove"'))).toBe(true);
  });
});
