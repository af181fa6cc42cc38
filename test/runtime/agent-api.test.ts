import type { DecodedMessage } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Agent,
  defineCommand,
  defineSkill,
  type OutboundGate,
  type OutboundKind,
  type SwitchboardError,
} from "../../src/index.js";
import { TestAgent, TestUser, waitFor } from "../../src/testing/index.js";

const textOf = (message: DecodedMessage): string => {
  const content = message.content as string | { content?: unknown };
  return typeof content === "string" ? content : String(content?.content ?? "");
};

/** A skill with three text handlers and a counting middleware: the middleware must run once per message. */
const counts = { middleware: 0, handlers: 0 };
const tripleText = defineSkill({
  name: "triple",
  description: "Three text handlers",
  setup(skill) {
    skill.use(async (_ctx, next) => {
      counts.middleware++;
      await next();
    });
    for (let handler = 0; handler < 3; handler++) {
      skill.on("text", () => {
        counts.handlers++;
      });
    }
  },
});

const ping = defineCommand({ name: "ping", description: "Answers pong" });

describe("the Agent API on the devnode", () => {
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  const caught: SwitchboardError[] = [];
  const writes: OutboundKind[] = [];
  const lifecycle: string[] = [];
  /** Counts every write that reaches the outbound gate, then performs it. */
  const countingGate: OutboundGate = {
    run: (operation, write) => {
      writes.push(operation.kind);
      return write();
    },
  };

  beforeAll(async () => {
    [bot, alice, bob] = await Promise.all([
      TestAgent.start({
        skills: [tripleText()],
        outbound: countingGate,
        builtins: false,
        prepare(agent: Agent) {
          agent.use(async (ctx, next) => {
            if (ctx.text === "explode in middleware") throw new Error("middleware boom");
            await next();
          });
          agent.on("text", async (ctx) => {
            if (ctx.content === "explode in handler") throw new Error("handler boom");
            if (ctx.content.startsWith("echo ")) await ctx.reply(ctx.content.slice(5));
          });
          agent.command(ping, (_args, ctx) => ctx.reply("pong"));
          agent.catch((error) => {
            caught.push(error);
          });
          agent.on("ready", () => lifecycle.push("ready"));
        },
      }),
      TestUser.create({ name: "alice" }),
      TestUser.create({ name: "bob" }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bot?.stop(), alice?.stop(), bob?.stop()]);
  });

  it("emits ready through agent.on", () => {
    expect(lifecycle).toEqual(["ready"]);
  });

  it("answers agent.on('text') and agent.command handlers; writes pass the outbound gate", async () => {
    const dm = await alice.dmWith(bot.address);
    expect(textOf(await alice.ask(dm, "echo hello"))).toBe("hello");
    expect(textOf(await alice.ask(dm, "/ping"))).toBe("pong");
    const help = textOf(await alice.ask(dm, "/help"));
    expect(help).toContain("/ping");
    expect(help).toContain("Three text handlers");
    expect(writes.filter((kind) => kind === "message").length).toBeGreaterThanOrEqual(3);
  });

  it("runs a skill's middleware once per message though it has three text handlers", async () => {
    const dm = await alice.dmWith(bot.address);
    const before = { ...counts };
    for (const text of ["one", "two", "three"]) await dm.sendText(text);
    // The echo proves every message before it has been handled: one conversation runs in order.
    expect(textOf(await alice.ask(dm, "echo done"))).toBe("done");
    const messages = 4;
    const middleware = counts.middleware - before.middleware;
    const handlers = counts.handlers - before.handlers;
    console.log(
      `${messages} messages: skill middleware ran ${middleware} times, its handlers ${handlers} times`,
    );
    expect(middleware).toBe(messages);
    expect(handlers).toBe(3 * messages);
  });

  it("hands failures to agent.catch with a true code and the context, and keeps running", async () => {
    const dm = await alice.dmWith(bot.address);
    await dm.sendText("explode in handler");
    await dm.sendText("explode in middleware");
    expect(textOf(await alice.ask(dm, "echo still here"))).toBe("still here");
    await waitFor(() => caught.length >= 2 || undefined, { description: "two caught errors" });
    const byCode = Object.fromEntries(caught.map((error) => [error.code, error]));
    expect(Object.keys(byCode).sort()).toEqual(["SB_ERR_MIDDLEWARE_FAILED", "SB_ERR_SKILL_FAILED"]);
    expect(byCode.SB_ERR_SKILL_FAILED?.ctx?.skill).toBe("agent");
    expect(byCode.SB_ERR_MIDDLEWARE_FAILED?.ctx?.event).toBe("text");
    expect((byCode.SB_ERR_MIDDLEWARE_FAILED?.cause as Error | undefined)?.message).toBe(
      "middleware boom",
    );
  });

  it("creates a DM with agent.createDmWithAddress through the gate, and writes into it via a context", async () => {
    const before = writes.length;
    const dm = await bot.agent.createDmWithAddress(bob.address);
    expect(writes.slice(before)).toEqual(["conversation"]);
    const ctx = await bot.agent.contextFor(dm.id);
    await ctx?.send("hello bob");
    const received = await bob.waitForMessage({ from: bot.inboxId, type: "text" });
    expect(textOf(received)).toBe("hello bob");
    expect(writes.slice(before)).toEqual(["conversation", "message"]);
  });

  it("creates a group with agent.createGroupWithAddresses through the gate", async () => {
    const before = writes.length;
    const group = await bot.agent.createGroupWithAddresses([alice.address, bob.address], {
      groupName: "made by the agent",
    });
    expect(writes.slice(before)).toEqual(["conversation"]);
    const hers = await alice.conversation(group.id);
    expect(hers.id).toBe(group.id);
  });
});
