import type { Dm, Group } from "@xmtp/node-sdk";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askBot } from "../../src/skills/membership/chat-test-support.js";
import { tokenGate } from "../../src/skills/token-gate/token-gate.js";
import { startTestChain, type TestChain } from "../../src/testing/evm/test-chain.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { TestUser } from "../../src/testing/test-user.js";

const REFUSED = "Only group admins can change the gate. /gate shows it.";
const NO_GATE = /^This group has no token gate\./;

describe("only a group's admins gate it, checked when they ask, with real clients", () => {
  let chain: TestChain;
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  let group: Group;
  let bobGroup: Group;
  let bobDm: Dm;
  let tkn: Address;
  let nft: Address;
  const bobSays = (text: string) => askBot(bob, bobGroup, bot.inboxId, text);
  const aliceSays = (text: string) => askBot(alice, group, bot.inboxId, text);

  /** Every way to set, change or remove a gate, as bob would type them. */
  const changes = () => [
    `/gate erc20 ${tkn} 100`,
    `/gate erc721 ${nft}`,
    `/gate set {"kind":"erc721-owner","token":"${nft}"}`,
    "/gate off",
    "/gate recheck",
  ];

  /** Sends each change as bob; counts refusals and whether the gate moved. */
  async function tryAsBob(label: string, expectedGate: RegExp) {
    let refused = 0;
    for (const change of changes()) if ((await bobSays(change)) === REFUSED) refused++;
    const shown = await bobSays("/gate");
    const unchanged = expectedGate.test(shown);
    console.log(
      `${label}: attempts ${changes().length}, refused ${refused}, gate changed ${unchanged ? 0 : 1}`,
    );
    expect(refused).toBe(changes().length);
    expect(shown).toMatch(expectedGate);
  }

  beforeAll(async () => {
    chain = await startTestChain();
    tkn = await chain.deployErc20({ name: "Test Token", symbol: "TKN", decimals: 2 });
    nft = await chain.deployErc721({ name: "Test NFT", symbol: "TNFT" });
    [bot, alice, bob] = await Promise.all([
      TestAgent.start({ skills: [tokenGate({ rpcUrl: chain.rpcUrl, recheckIntervalMs: 0 })] }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
    ]);
    group = await alice.createGroup([bot.address, bob.address], { name: "TKN club" });
    await group.addAdmin(bot.inboxId);
    bobGroup = (await bob.conversation(group.id)) as Group;
    bobDm = await bob.dmWith(bot.address);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop()]);
    await chain?.stop();
  });

  it("refuses a member who is not an admin every gate change, on an ungated group", async () => {
    await tryAsBob("member, ungated group", NO_GATE);
  });

  it("refuses a member every change of the gate an admin set", async () => {
    expect(await aliceSays(`/gate erc20 ${tkn} 100`)).toMatch(/^Gate set\./);
    await tryAsBob("member, gated group", /Condition: holds at least 100 TKN/);
  });

  it("checks the role at the time of the command: a demoted admin is refused at once", async () => {
    await group.addAdmin(bob.inboxId);
    await bobGroup.sync();
    expect(await bobSays("/gate recheck")).toMatch(/^Rechecked/);
    await group.removeAdmin(bob.inboxId);
    // Bob's next messages go out at once; the agent has not necessarily seen the demotion yet.
    await tryAsBob("demoted admin", /Condition: holds at least 100 TKN/);
  });

  it("does not let anyone gate a group from a DM", async () => {
    expect(await askBot(bob, bobDm, bot.inboxId, `/gate erc20 ${tkn} 1`)).toMatch(
      /^Use \/gate in the group you want to gate/,
    );
  });
});
