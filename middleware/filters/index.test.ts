import { describe, expect, it } from "vitest";
import { compose } from "../../src/compose/compose.js";
import type { Context } from "../../src/runtime/context.js";
import { fakeContext } from "./fake-context.js";
import {
  allowAddresses,
  allowInboxes,
  and,
  consentState,
  contentType,
  denyAddresses,
  denyInboxes,
  dmOnly,
  groupOnly,
  ignoreSelf,
  mentionsAgent,
  not,
  only,
  or,
  SenderAddressCache,
  senderIsAdmin,
  senderIsSuperAdmin,
  startsWithCommand,
  when,
} from "./index.js";

/** Runs `middleware` on `ctx` and says whether the rest of the chain ran. */
async function reachesNext(middleware: ReturnType<typeof only>, ctx: Context) {
  let reached = false;
  await compose([middleware])(ctx, async () => {
    reached = true;
  });
  return reached;
}

const ALICE_ADDRESS = "0xAAaaAAaaAAaaAAaaAAaaAAaaAAaaAAaaAAaaAAaa";

describe("only()", () => {
  it("calls next only when the predicate passes and leaves the outcome filtered otherwise", async () => {
    const group = fakeContext({ kind: "group" }).ctx;
    const dm = fakeContext({ kind: "dm" }).ctx;
    expect(await reachesNext(only(groupOnly), group)).toBe(true);
    expect(await reachesNext(only(groupOnly), dm)).toBe(false);
    expect(dm.outcome).toBe("filtered");
  });

  it("awaits async predicates", async () => {
    const admin = fakeContext({ kind: "group", sender: "a", admins: ["a"] }).ctx;
    const member = fakeContext({ kind: "group", sender: "m", admins: ["a"] }).ctx;
    expect(await reachesNext(only(senderIsAdmin), admin)).toBe(true);
    expect(await reachesNext(only(senderIsAdmin), member)).toBe(false);
  });

  it("runs middleware given after the filter with the narrowed context, then the chain", async () => {
    const trail: string[] = [];
    const gated = only(
      groupOnly,
      (ctx, next) => {
        trail.push(`group ${ctx.conversation.id}`);
        return next();
      },
      async (_ctx, next) => {
        trail.push("second");
        await next();
      },
    );
    expect(await reachesNext(gated, fakeContext({ kind: "group" }).ctx)).toBe(true);
    expect(trail).toEqual(["group group-conversation", "second"]);
    expect(await reachesNext(gated, fakeContext({ kind: "dm" }).ctx)).toBe(false);
    expect(trail).toHaveLength(2);
  });

  it("is a named function, so stack traces and logs say what it is", () => {
    expect(only(groupOnly).name).toBe("onlyMiddleware");
  });
});

describe("when()", () => {
  it("runs its middleware only when the predicate passes, and goes on either way", async () => {
    const ran: string[] = [];
    const branch = when(groupOnly, (ctx, next) => {
      ran.push(ctx.conversation.id);
      return next();
    });
    expect(await reachesNext(branch, fakeContext({ kind: "group" }).ctx)).toBe(true);
    expect(await reachesNext(branch, fakeContext({ kind: "dm" }).ctx)).toBe(true);
    expect(ran).toEqual(["group-conversation"]);
  });

  it("stops where its own middleware stops", async () => {
    const swallow = when(groupOnly, () => undefined);
    expect(await reachesNext(swallow, fakeContext({ kind: "group" }).ctx)).toBe(false);
    expect(await reachesNext(swallow, fakeContext({ kind: "dm" }).ctx)).toBe(true);
  });
});

describe("conversation filters", () => {
  it("tell DMs from groups", () => {
    const dm = fakeContext({ kind: "dm" }).ctx;
    const group = fakeContext({ kind: "group" }).ctx;
    expect([dmOnly(dm), dmOnly(group), groupOnly(dm), groupOnly(group)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it("consentState passes the listed states only", () => {
    const allowedOrUnknown = consentState("allowed", "unknown");
    expect(allowedOrUnknown(fakeContext({ consent: "Allowed" }).ctx)).toBe(true);
    expect(allowedOrUnknown(fakeContext({ consent: "Unknown" }).ctx)).toBe(true);
    expect(allowedOrUnknown(fakeContext({ consent: "Denied" }).ctx)).toBe(false);
    expect(consentState("denied")(fakeContext({ consent: "Denied" }).ctx)).toBe(true);
  });
});

describe("sender filters", () => {
  it("ignoreSelf drops the agent's own messages only", () => {
    expect(ignoreSelf(fakeContext({ sender: "agent-inbox" }).ctx)).toBe(false);
    expect(ignoreSelf(fakeContext({ sender: "other-agent" }).ctx)).toBe(true);
    expect(ignoreSelf(fakeContext({ event: "conversation" }).ctx)).toBe(true);
  });

  it("senderIsAdmin counts super admins, senderIsSuperAdmin only them; both fail in DMs", async () => {
    const options = { kind: "group" as const, admins: ["admin"], superAdmins: ["owner"] };
    const admin = fakeContext({ ...options, sender: "admin" }).ctx;
    const owner = fakeContext({ ...options, sender: "owner" }).ctx;
    const member = fakeContext({ ...options, sender: "member" }).ctx;
    const dm = fakeContext({ kind: "dm", sender: "owner", superAdmins: ["owner"] }).ctx;
    expect(await Promise.all([admin, owner, member, dm].map(senderIsAdmin))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(await Promise.all([admin, owner, member, dm].map(senderIsSuperAdmin))).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it("allowInboxes and denyInboxes match inbox ids case-insensitively", () => {
    const alice = fakeContext({ sender: "abc123" }).ctx;
    const bob = fakeContext({ sender: "def456" }).ctx;
    const noSender = fakeContext({ event: "conversation" }).ctx;
    const allow = allowInboxes(["ABC123"]);
    const deny = denyInboxes(["ABC123"]);
    expect([allow(alice), allow(bob), allow(noSender)]).toEqual([true, false, false]);
    expect([deny(alice), deny(bob), deny(noSender)]).toEqual([false, true, true]);
  });

  it("allowAddresses and denyAddresses resolve the sender's address once and cache it", async () => {
    const addresses = { alice: ALICE_ADDRESS, bob: "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" };
    const cache = new SenderAddressCache();
    const allow = allowAddresses([ALICE_ADDRESS.toLowerCase()], { cache });
    const deny = denyAddresses([ALICE_ADDRESS], { cache });
    const alice = fakeContext({ sender: "alice", addresses });
    const bob = fakeContext({ sender: "bob", addresses });
    const nobody = fakeContext({ sender: "carol", addresses });
    expect(await allow(alice.ctx)).toBe(true);
    expect(await deny(alice.ctx)).toBe(false);
    expect(await allow(alice.ctx)).toBe(true);
    expect(alice.lookups.count).toBe(1);
    expect([await allow(bob.ctx), await deny(bob.ctx)]).toEqual([false, true]);
    expect([await allow(nobody.ctx), await deny(nobody.ctx)]).toEqual([false, true]);
  });

  it("the address cache looks an inbox up again once its entry expires or its lookup failed", async () => {
    const cache = new SenderAddressCache({ ttlMs: 1 });
    const alice = fakeContext({ sender: "alice", addresses: { alice: ALICE_ADDRESS } });
    await cache.addressOf(alice.ctx);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.addressOf(alice.ctx)).toBe(ALICE_ADDRESS.toLowerCase());
    expect(alice.lookups.count).toBe(2);

    const flaky = new SenderAddressCache();
    let calls = 0;
    const ctx = {
      senderInboxId: "x",
      getSenderAddress: async () => {
        calls++;
        if (calls === 1) throw new Error("network down");
        return "0xABC";
      },
    } as unknown as Context;
    await expect(flaky.addressOf(ctx)).rejects.toThrow("network down");
    expect(await flaky.addressOf(ctx)).toBe("0xabc");
  });

  it("the address cache keeps at most maxEntries, dropping the oldest", async () => {
    const cache = new SenderAddressCache({ maxEntries: 2 });
    const addresses = { a: "0xa", b: "0xb", c: "0xc" };
    const users = ["a", "b", "c"].map((sender) => fakeContext({ sender, addresses }));
    for (const user of users) await cache.addressOf(user.ctx);
    await cache.addressOf(users[2]!.ctx);
    await cache.addressOf(users[0]!.ctx);
    expect(users.map((user) => user.lookups.count)).toEqual([2, 1, 1]);
  });
});

describe("content filters", () => {
  it("contentType passes the listed events", () => {
    const text = fakeContext({ event: "text" }).ctx;
    const reaction = fakeContext({ event: "reaction", content: { content: "👍" } }).ctx;
    expect(contentType("text", "markdown")(text)).toBe(true);
    expect(contentType("text", "markdown")(reaction)).toBe(false);
    expect(contentType("reaction")(reaction)).toBe(true);
  });

  it("mentionsAgent finds the agent's address or a name as a whole word, @ optional", () => {
    const mentions = mentionsAgent({ names: ["pollbot", "@Poll Bot"] });
    const says = (content: string) => mentions(fakeContext({ content }).ctx);
    expect(says("hey @pollbot, a poll please")).toBe(true);
    expect(says("PollBot: a poll please")).toBe(true);
    expect(says("ask poll bot")).toBe(true);
    expect(says("pollbots are great")).toBe(false);
    expect(says("mail me at x@pollbot.com")).toBe(false);
    expect(says("no mention here")).toBe(false);
    expect(says("ping 0x00000000000000000000000000000000000A9E17")).toBe(true);
    expect(mentionsAgent()(fakeContext({ content: "pollbot" }).ctx)).toBe(false);
    expect(mentions(fakeContext({ event: "reaction", content: { content: "👍" } }).ctx)).toBe(
      false,
    );
  });

  it("startsWithCommand recognises commands as the router does", () => {
    const says = (content: string, prefix?: string) =>
      startsWithCommand(prefix)(fakeContext({ content }).ctx);
    expect(says("/poll lunch")).toBe(true);
    expect(says('  /poll "lunch')).toBe(true);
    expect(says("/123")).toBe(false);
    expect(says("hello /poll")).toBe(false);
    expect(says("!poll", "!")).toBe(true);
    expect(says("/poll", "!")).toBe(false);
    expect(startsWithCommand()(fakeContext({ event: "conversation" }).ctx)).toBe(false);
  });
});

describe("combinators", () => {
  const group = fakeContext({ kind: "group", sender: "a", admins: ["a"] }).ctx;
  const groupMember = fakeContext({ kind: "group", sender: "m", admins: ["a"] }).ctx;
  const dm = fakeContext({ kind: "dm" }).ctx;

  it("stay synchronous when every part is", () => {
    expect(and(groupOnly, contentType("text"))(group)).toBe(true);
    expect(and(groupOnly, contentType("text"))(dm)).toBe(false);
    expect(or(groupOnly, dmOnly)(dm)).toBe(true);
    expect(not(groupOnly)(dm)).toBe(true);
  });

  it("become asynchronous once a part is, with the same answers", async () => {
    const groupAdmin = and(groupOnly, senderIsAdmin);
    expect(await groupAdmin(group)).toBe(true);
    expect(await groupAdmin(groupMember)).toBe(false);
    expect(await groupAdmin(dm)).toBe(false);
    expect(await or(senderIsAdmin, dmOnly)(dm)).toBe(true);
    expect(await or(senderIsAdmin, dmOnly)(groupMember)).toBe(false);
    expect(await not(senderIsAdmin)(groupMember)).toBe(true);
  });

  it("short-circuit in order", async () => {
    const calls: string[] = [];
    const spy = (name: string, answer: boolean) => async () => {
      calls.push(name);
      return answer;
    };
    expect(await and(spy("a", false), spy("b", true))(dm)).toBe(false);
    expect(await or(spy("c", true), spy("d", false))(dm)).toBe(true);
    expect(await and(spy("e", true), () => false, spy("f", true))(dm)).toBe(false);
    expect(calls).toEqual(["a", "c", "e"]);
  });

  it("and() of nothing passes, or() of nothing fails", () => {
    expect(and()(dm)).toBe(true);
    expect(or()(dm)).toBe(false);
  });
});
