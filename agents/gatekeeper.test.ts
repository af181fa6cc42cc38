import type { Conversation, DecodedMessage, Dm, Group, GroupUpdated } from "@xmtp/node-sdk";
import { type Address, createWalletClient, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSwitchboardError } from "../src/index.js";
import { startTestChain, type TestChain } from "../src/testing/evm/test-chain.js";
import { TestAgent, TestUser, waitFor } from "../src/testing/index.js";
import { gatekeeperOptions, gatekeeperOptionsFromEnv } from "./gatekeeper.js";

/** Short enough for a test, long enough to restart the agent in the middle of one. */
const GRACE_MS = 5_000;
const RECHECK_INTERVAL_MS = 2_000;

const textOf = (message: DecodedMessage): string => {
  const content = message.content as string | { content?: unknown };
  return typeof content === "string" ? content : String(content?.content ?? "");
};
const updateOf = (message: DecodedMessage) => message.content as GroupUpdated;

describe("gatekeeperOptionsFromEnv", () => {
  const fromEnv = (env: Record<string, string>) => () =>
    gatekeeperOptionsFromEnv({ env, envFile: false });

  it("names the missing RPC URL variable", () => {
    expect(fromEnv({})).toThrow(
      expect.objectContaining({
        code: "SB_ERR_CONFIG_INVALID",
        message: expect.stringContaining("TOKEN_GATE_RPC_URL: is required"),
      }),
    );
  });

  it("never echoes the RPC URL, which may carry an API key", () => {
    let message = "";
    try {
      fromEnv({ TOKEN_GATE_RPC_URL: "wss://rpc.example/v2/secret-key" })();
    } catch (error) {
      if (isSwitchboardError(error)) message = error.message;
    }
    expect(message).toContain("TOKEN_GATE_RPC_URL: must be an http:// or https://");
    expect(message).not.toContain("secret-key");
  });

  it("builds the gatekeeper with the token-gate skill", () => {
    const options = fromEnv({
      TOKEN_GATE_RPC_URL: "http://127.0.0.1:8545",
      TOKEN_GATE_GRACE_MS: "60000",
    })();
    expect(options.name).toBe("gatekeeper");
    expect(options.skills?.map((skill) => skill.name)).toEqual(["token-gate"]);
    expect(fromEnv({ TOKEN_GATE_RPC_URL: "http://x", TOKEN_GATE_GRACE_MS: "-1" })).toThrow(
      /TOKEN_GATE_GRACE_MS/,
    );
  });
});

describe("gatekeeper on the devnode and a real EVM", () => {
  let chain: TestChain;
  let chainStopped = false;
  let bot: TestAgent;
  let alice: TestUser;
  let hannah: TestUser;
  let oscar: TestUser;
  let tkn: Address;
  let nft: Address;
  /** "TKN club": at least 100 TKN, bound with the friendly form. */
  let tknClub: Group;
  /** "NFT club": any TNFT, bound with JSON; oscar starts in it without one. */
  let nftClub: Group;
  let hannahDm: Dm;
  let oscarDm: Dm;

  beforeAll(async () => {
    chain = await startTestChain();
    // One deployer account: its transactions go one after another, nonce by nonce.
    tkn = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 2 });
    nft = await chain.deployErc721({ name: "Test NFT", symbol: "TNFT" });
    [bot, alice, hannah, oscar] = await Promise.all([
      TestAgent.start(
        gatekeeperOptions({
          rpcUrl: chain.rpcUrl,
          recheckIntervalMs: RECHECK_INTERVAL_MS,
          graceMs: GRACE_MS,
        }),
      ),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "hannah" }),
      TestUser.create({ name: "oscar" }),
    ]);
    const holder = hannah.address as Address;
    await chain.mintErc20(tkn, holder, 10_000n);
    await chain.mintErc721(nft, holder, 1n);
    // Gas for hannah's own transfer later on.
    const funder = createWalletClient({
      account: chain.accounts[0]!,
      chain: chain.chain,
      transport: http(chain.rpcUrl),
    });
    await funder.sendTransaction({ to: holder, value: parseEther("1") });
    [hannahDm, oscarDm] = await Promise.all([
      hannah.dmWith(bot.address),
      oscar.dmWith(bot.address),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), hannah?.stop(), oscar?.stop()]);
    if (!chainStopped) await chain?.stop();
  });

  /** Alice's group with the agent promoted to admin, as the README tells admins to do. */
  async function groupWithAgent(name: string, others: TestUser[] = []): Promise<Group> {
    const group = await alice.createGroup([bot.address, ...others.map((user) => user.address)], {
      name,
    });
    await group.addAdmin(bot.inboxId);
    return group;
  }

  /**
   * Sends `text` and resolves with the agent's reply to that very message: in a group, another
   * member's answer may reach this user's stream after the new message is sent.
   */
  const ask = async (user: TestUser, conversation: Conversation, text: string) => {
    const sent = await conversation.sendText(text);
    const reply = await user.waitForMessage(
      {
        conversationId: conversation.id,
        from: bot.inboxId,
        where: (message) => (message.content as { referenceId?: string })?.referenceId === sent,
      },
      { description: `${user.name}: the answer to "${text.slice(0, 60)}"` },
    );
    return textOf(reply);
  };

  /** The next message the agent sends to `conversation`, as `user` sees it. */
  const fromBot = (user: TestUser, conversation: Conversation, after: number, contains = "") =>
    user
      .waitForMessage({
        conversationId: conversation.id,
        from: bot.inboxId,
        after,
        where: (message) => textOf(message).includes(contains),
      })
      .then(textOf);

  it("binds a group with /gate erc20 and shows the gate with /gate", async () => {
    tknClub = await groupWithAgent("TKN club");
    expect(await ask(alice, tknClub, `/gate erc20 ${tkn} 100`)).toBe(
      "Gate set. Condition: holds at least 100 TKN.\nTo get in, people DM me /join TKN club. Members are checked every 2 seconds, or now with /gate recheck.",
    );
    expect(await ask(alice, tknClub, "/gate")).toBe(
      "This group is token-gated. Condition: holds at least 100 TKN. To get in, DM me /join TKN club.",
    );
  });

  it("refuses /gate set from a member who is not an admin; an admin binds with JSON", async () => {
    nftClub = await groupWithAgent("NFT club", [oscar]);
    const oscarsView = await oscar.conversation(nftClub.id);
    const json = `{"kind": "erc721-owner", "token": "${nft}"}`;
    expect(await ask(oscar, oscarsView, `/gate set ${json}`)).toBe(
      "Only group admins can change the gate. /gate shows it.",
    );
    expect(await ask(alice, nftClub, `/gate set ${json}`)).toMatch(
      /^Gate set\. Condition: owns a TNFT token\./,
    );
  });

  it("adds a holder who DMs /join: the group and the update adding her appear on her side", async () => {
    expect(await ask(hannah, hannahDm, "/join tkn club")).toBe("Welcome! I added you to TKN club.");
    const hersNow = await hannah.conversation(tknClub.id);
    // The update that added her comes with the welcome, which her client stores on sync
    // without streaming it, so it is read from the group itself.
    const update = await waitFor(
      async () => {
        await hersNow.sync();
        return (await hersNow.messages()).find(
          (message) =>
            message.contentType?.typeId === "group_updated" &&
            updateOf(message).addedInboxes.some(({ inboxId }) => inboxId === hannah.inboxId),
        );
      },
      { description: "hannah: the update adding her to TKN club", intervalMs: 200 },
    );
    expect(updateOf(update).initiatedByInboxId).toBe(bot.inboxId);
    expect(await ask(hannah, hannahDm, "/join TKN club")).toBe("You're already in TKN club.");
  });

  it("refuses a non-holder with the reason, by /join and by the Join button from /groups", async () => {
    expect(await ask(oscar, oscarDm, "/join TKN club")).toBe(
      "You can't join TKN club yet: needs at least 100 TKN (has 0).",
    );

    const after = oscar.mark();
    const buttons = await oscar.ask(oscarDm, "/groups", { type: "actions" });
    const list = await fromBot(oscar, oscarDm, after, "Token-gated groups");
    expect(list).toContain("• TKN club: holds at least 100 TKN");
    expect(list).toContain("• NFT club: owns a TNFT token");
    const actions = buttons.content as {
      id: string;
      actions: Array<{ id: string; label: string }>;
    };
    expect(actions.actions.map(({ id, label }) => [id, label])).toContainEqual([
      tknClub.id,
      "Join TKN club",
    ]);

    const tapped = oscar.mark();
    await oscar.tapAction(oscarDm, actions.id, tknClub.id);
    expect(await fromBot(oscar, oscarDm, tapped)).toBe(
      "You can't join TKN club yet: needs at least 100 TKN (has 0).",
    );
  });

  it("adds a holder who taps the Join button", async () => {
    const buttons = await hannah.ask(hannahDm, "/groups", { type: "actions" });
    const tapped = hannah.mark();
    await hannah.tapAction(hannahDm, (buttons.content as { id: string }).id, nftClub.id);
    expect(await fromBot(hannah, hannahDm, tapped, "NFT")).toBe(
      "Welcome! I added you to NFT club.",
    );
    await hannah.conversation(nftClub.id);
  });

  it("refuses to join a group that is not gated, and one where the agent is not an admin", async () => {
    const unpromoted = await alice.createGroup([bot.address], { name: "Unpromoted" });
    expect(await ask(oscar, oscarDm, `/join ${unpromoted.id}`)).toBe(
      `"${unpromoted.id}" is not a token-gated group I manage. Send /groups to see them.`,
    );
    expect(await ask(alice, unpromoted, `/gate erc20 ${tkn} 1`)).toContain(
      "Note: I'm not an admin of this group yet, so I can't add or remove anyone.",
    );
    expect(await ask(hannah, hannahDm, "/join Unpromoted")).toBe(
      "Sorry, I can't add you to Unpromoted: I'm not an admin there. Ask one of its admins to make me one.",
    );
  });

  it("warns a member who does not qualify in the group, then removes them after the grace period", async () => {
    const notice = await alice.waitForMessage({
      conversationId: nftClub.id,
      from: bot.inboxId,
      where: (message) => textOf(message).includes(`@${oscar.address}`),
    });
    expect(textOf(notice)).toBe(
      `@${oscar.address}, you no longer meet this group's token gate: needs to own a TNFT token (owns none). If that is still so in 5 seconds, I'll remove you from the group.`,
    );
    const removal = await alice.waitForGroupUpdate(
      nftClub,
      (message) =>
        updateOf(message).removedInboxes.some(({ inboxId }) => inboxId === oscar.inboxId),
      { timeoutMs: GRACE_MS + 10_000 },
    );
    expect(removal.sentAtNs - notice.sentAtNs).toBeGreaterThanOrEqual(
      BigInt(GRACE_MS) * 1_000_000n,
    );
    await nftClub.sync();
    const members = (await nftClub.members()).map((member) => member.inboxId);
    expect(members).not.toContain(oscar.inboxId);
    expect(members).toContain(hannah.inboxId);
  });

  it("after the holder sends her tokens away, warns and then removes her, across a restart", async () => {
    const hannahWallet = privateKeyToAccount(hannah.walletKey);
    const noticesFor = () =>
      alice.log.messages.filter(
        (message) =>
          message.conversationId === tknClub.id &&
          textOf(message).startsWith(`@${hannah.address}, you no longer meet`),
      );
    expect(await ask(alice, tknClub, "/gate recheck")).toBe(
      "Rechecked 1 member: everyone qualifies.",
    );

    await chain.transferErc20(tkn, hannahWallet, chain.accounts[1]!.address, 9_000n);
    const notice = await alice.waitForMessage({
      conversationId: tknClub.id,
      from: bot.inboxId,
      where: (message) => textOf(message).startsWith(`@${hannah.address}`),
    });
    expect(textOf(notice)).toContain("needs at least 100 TKN (has 10)");
    // The grace period is in the store, so the restarted agent removes her on time instead of
    // warning her afresh.
    await bot.restart();
    await alice.waitForGroupUpdate(
      tknClub,
      (message) =>
        updateOf(message).removedInboxes.some(({ inboxId }) => inboxId === hannah.inboxId),
      { timeoutMs: GRACE_MS + 15_000 },
    );
    await fromBot(
      alice,
      tknClub,
      0,
      `Removed @${hannah.address}: needs at least 100 TKN (has 10).`,
    );
    expect(noticesFor()).toHaveLength(1);
  });

  it("answers 'can't check the chain' when the RPC endpoint is down, and removes nobody", async () => {
    await chain.stop();
    chainStopped = true;
    expect(await ask(oscar, oscarDm, "/join NFT club")).toBe(
      "I can't check the chain right now, try later.",
    );
    expect(await ask(alice, nftClub, "/gate recheck")).toBe(
      "I can't check the chain right now, try later.",
    );
    await nftClub.sync();
    expect((await nftClub.members()).map((member) => member.inboxId)).toContain(hannah.inboxId);
  });
});
