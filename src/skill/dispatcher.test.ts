import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeContext } from "../../middleware/filters/fake-context.js";
import { groupOnly, only, senderIsAdmin } from "../../middleware/filters/index.js";
import { defineCommand } from "../commands/define-command.js";
import type { SwitchboardError } from "../errors/switchboard-error.js";
import { ActionRegistry } from "../runtime/action-registry.js";
import type { Context } from "../runtime/context.js";
import type { SkillSettled } from "../runtime/events.js";
import { createMemoryStore } from "../store/memory-store.js";
import { Composer } from "./composer.js";
import { createDispatcher, type Dispatcher } from "./dispatcher.js";
import { defineSkill, type Skill } from "./skill.js";

const add = defineCommand({
  name: "add",
  description: "Adds two numbers",
  args: [z.coerce.number().describe("a"), z.coerce.number().describe("b")],
});
const kick = defineCommand({ name: "kick", description: "Admins only", adminOnly: true });
const crash = defineCommand({ name: "crash", description: "Always fails" });

/** A dispatcher over `skills` that records what it reports. */
function dispatcherFor(skills: Skill[]) {
  const errors: SwitchboardError[] = [];
  const settled: SkillSettled[] = [];
  const dispatcher = createDispatcher(skills, {
    actions: new ActionRegistry(createMemoryStore()),
    onError: (error) => errors.push(error),
    onSkillSettled: (report) => settled.push(report),
  });
  return { dispatcher, errors, settled };
}

/** Runs one event through the dispatcher, with `ctx.commands` wired as an agent wires it. */
async function deliver(dispatcher: Dispatcher, options: Parameters<typeof fakeContext>[0]) {
  const fake = fakeContext(options);
  Object.defineProperty(fake.ctx, "commands", { value: dispatcher.commands });
  await dispatcher.middleware(fake.ctx, async () => undefined);
  return fake;
}

describe("a skill is middleware", () => {
  it("runs its use() middleware once per event however many handlers it has", async () => {
    let middlewareRuns = 0;
    const handled: string[] = [];
    const counted = defineSkill({
      name: "counted",
      description: "",
      setup(skill) {
        skill.use(async (_ctx, next) => {
          middlewareRuns++;
          await next();
        });
        skill.on("text", () => void handled.push("first"));
        skill.on("text", () => void handled.push("second"));
        skill.on("text", () => void handled.push("third"));
      },
    });
    const { dispatcher } = dispatcherFor([counted()]);
    for (const text of ["one", "two", "three", "four"])
      await deliver(dispatcher, { content: text });
    console.log(
      `4 messages: skill middleware ran ${middlewareRuns} times, handlers ${handled.length} times`,
    );
    expect(middlewareRuns).toBe(4);
    expect(handled).toHaveLength(12);
    expect(handled.slice(0, 3)).toEqual(["first", "second", "third"]);
  });

  it("stops only itself when its own filter stops: the next skill still sees the event", async () => {
    const seen: string[] = [];
    const groupsOnly = defineSkill({
      name: "groups-only",
      description: "",
      setup(skill) {
        skill.use(only(groupOnly));
        skill.on("text", () => void seen.push("groups-only"));
      },
    });
    const everyone = defineSkill({
      name: "everyone",
      description: "",
      setup(skill) {
        skill.on("text", () => void seen.push("everyone"));
      },
    });
    const { dispatcher } = dispatcherFor([groupsOnly(), everyone()]);
    await deliver(dispatcher, { kind: "dm" });
    await deliver(dispatcher, { kind: "group" });
    expect(seen).toEqual(["everyone", "groups-only", "everyone"]);
  });

  it("reports a failure with its code and context, and the next skill still runs", async () => {
    const seen: string[] = [];
    const broken = defineSkill({
      name: "broken",
      description: "",
      setup(skill) {
        skill.on("text", () => {
          throw new Error("boom");
        });
        skill.on("text", () => void seen.push("never: the skill's run ended at the throw"));
      },
    });
    const fine = defineSkill({
      name: "fine",
      description: "",
      setup(skill) {
        skill.on("text", (ctx) => void seen.push(`fine saw ${ctx.content}`));
      },
    });
    const { dispatcher, errors, settled } = dispatcherFor([broken(), fine()]);
    const { ctx } = await deliver(dispatcher, { content: "hi" });
    expect(seen).toEqual(["fine saw hi"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("SB_ERR_SKILL_FAILED");
    expect((errors[0]!.cause as Error).message).toBe("boom");
    expect((errors[0]!.ctx as Context).skill).toBe("broken");
    expect(ctx.outcome).toBe("failed");
    expect(settled.map(({ skill, ok }) => [skill, ok])).toEqual([
      ["broken", false],
      ["fine", true],
    ]);
  });

  it("routes a command to the one skill that has it, with typed arguments, through its middleware", async () => {
    const trail: string[] = [];
    const math = defineSkill({
      name: "math",
      description: "Sums",
      setup(skill) {
        skill.use(async (_ctx, next) => {
          trail.push("math middleware");
          await next();
        });
        skill.command(add, ([a, b], ctx) => ctx.reply(`${a + b}`));
      },
    });
    const { dispatcher } = dispatcherFor([math()]);
    expect((await deliver(dispatcher, { content: "/add 2 3" })).sent).toEqual(["5"]);
    expect((await deliver(dispatcher, { content: "/add 2 x" })).sent[0]).toMatch(/Usage: \/add/);
    expect((await deliver(dispatcher, { content: "/nope" })).sent).toEqual([
      "Unknown command /nope. Try /help.",
    ]);
    expect((await deliver(dispatcher, { content: "/help" })).sent[0]).toContain("/add");
    expect(trail).toEqual([
      "math middleware",
      "math middleware",
      "math middleware",
      "math middleware",
    ]);
  });
});

describe("Composer", () => {
  it("nests: a composer's commands count for /help and routing, behind a branch", async () => {
    const said: string[] = [];
    const adminTools = new Composer().command(kick, () => void said.push("kicked"));
    const moderation = defineSkill({
      name: "moderation",
      description: "",
      setup(skill) {
        skill.when(senderIsAdmin, adminTools);
        skill.on("text", () => void said.push("moderation saw text"));
      },
    });
    const { dispatcher } = dispatcherFor([moderation()]);
    const help = await deliver(dispatcher, { content: "/help" });
    expect(help.sent[0]).toContain("/kick");
    await deliver(dispatcher, { kind: "group", sender: "a", admins: ["a"], content: "/kick" });
    await deliver(dispatcher, { kind: "group", sender: "m", admins: ["a"], content: "/kick" });
    expect(said).toEqual([
      "moderation saw text",
      "kicked",
      "moderation saw text",
      "moderation saw text",
    ]);
  });

  it("only() stops the rest of its composer, and only that", async () => {
    const said: string[] = [];
    const gated = defineSkill({
      name: "gated",
      description: "",
      setup(skill) {
        skill.only(senderIsAdmin).on("text", () => void said.push("gated"));
      },
    });
    const next = defineSkill({
      name: "next",
      description: "",
      setup(skill) {
        skill.on("text", () => void said.push("next"));
      },
    });
    const { dispatcher } = dispatcherFor([gated(), next()]);
    await deliver(dispatcher, { kind: "group", sender: "m", admins: ["a"] });
    await deliver(dispatcher, { kind: "group", sender: "a", admins: ["a"] });
    expect(said).toEqual(["next", "gated", "next"]);
  });

  it("when() skips, errorBoundary() contains a failure within the skill", async () => {
    const said: string[] = [];
    const contained: string[] = [];
    const mixed = defineSkill({
      name: "mixed",
      description: "",
      setup(skill) {
        skill.when(groupOnly, (_ctx, next) => {
          said.push("group branch");
          return next();
        });
        skill.errorBoundary(
          (error) => void contained.push(`${error.code}: ${error.message}`),
          () => {
            throw new Error("lookup failed");
          },
        );
        skill.on("text", () => void said.push("after the boundary"));
      },
    });
    const { dispatcher, errors } = dispatcherFor([mixed()]);
    await deliver(dispatcher, { kind: "dm" });
    await deliver(dispatcher, { kind: "group" });
    expect(said).toEqual(["after the boundary", "group branch", "after the boundary"]);
    expect(contained).toEqual([
      "SB_ERR_SKILL_FAILED: lookup failed",
      "SB_ERR_SKILL_FAILED: lookup failed",
    ]);
    expect(errors).toEqual([]);
  });
});

describe("throttled events", () => {
  it("reach observer skills only, and run no command", async () => {
    const seen: string[] = [];
    const watcher = defineSkill({
      name: "watcher",
      description: "",
      observer: true,
      setup(skill) {
        skill.on("text", (ctx) => void seen.push(`watcher: ${ctx.content}`));
        skill.command(add, () => void seen.push("watcher: /add"));
      },
    });
    const chatty = defineSkill({
      name: "chatty",
      description: "",
      setup(skill) {
        skill.on("text", (ctx) => void seen.push(`chatty: ${ctx.content}`));
      },
    });
    const { dispatcher } = dispatcherFor([watcher(), chatty()]);
    const throttle = (ctx: Context) => {
      ctx.throttled = true;
    };
    const fake = fakeContext({ content: "/add 1 2" });
    throttle(fake.ctx);
    await dispatcher.middleware(fake.ctx, async () => undefined);
    await deliver(dispatcher, { content: "/add 1 2" });
    console.log(
      `throttled: ${JSON.stringify(seen.slice(0, 1))}, then unthrottled: ${JSON.stringify(seen.slice(1))}`,
    );
    expect(seen).toEqual([
      "watcher: /add 1 2",
      "watcher: /add 1 2",
      "watcher: /add",
      "chatty: /add 1 2",
    ]);
    expect(fake.sent).toEqual([]);
  });
});

describe("ctx.commands", () => {
  const ran: string[] = [];
  const tools = defineSkill({
    name: "tools",
    description: "",
    setup(skill) {
      skill.use(async (ctx, next) => {
        ran.push(`tools middleware (${ctx.skill})`);
        await next();
      });
      skill.on("text", () => void ran.push("tools on(text): must not run for commands.run"));
      skill.command(add, ([a, b], ctx) => ctx.reply(`${a + b}`));
      skill.command(kick, () => void ran.push("kick"));
      skill.command(crash, () => {
        throw new Error("deliberate");
      });
    },
  });
  const { dispatcher, errors } = dispatcherFor([tools()]);
  const withDirectory = (options: Parameters<typeof fakeContext>[0]) => {
    const fake = fakeContext(options);
    Object.defineProperty(fake.ctx, "commands", { value: dispatcher.commands });
    return fake;
  };

  it("lists what the sender may run here: admin-only commands for group admins only", async () => {
    const names = async (options: Parameters<typeof fakeContext>[0]) =>
      (await dispatcher.commands.available(withDirectory(options).ctx)).map((info) => info.name);
    expect(await names({ kind: "dm" })).toEqual(["add", "crash"]);
    expect(await names({ kind: "group", sender: "m", admins: [] })).toEqual(["add", "crash"]);
    expect(await names({ kind: "group", sender: "a", admins: ["a"] })).toEqual([
      "add",
      "kick",
      "crash",
    ]);
    const [info] = await dispatcher.commands.available(withDirectory({}).ctx);
    expect(info).toMatchObject({ name: "add", description: "Adds two numbers", skill: "tools" });
  });

  it("runs a command as if typed: validation, permission, the skill's middleware, no on() handlers", async () => {
    ran.length = 0;
    const { ctx, sent } = withDirectory({ kind: "dm", content: "please add 2 and 40" });
    expect(await ctx.commands.run(ctx, "add", ["2", "40"])).toEqual({ ok: true });
    expect(sent).toEqual(["42"]);
    expect(ran).toEqual(["tools middleware (tools)"]);

    const invalid = await ctx.commands.run(ctx, "add", ["2", "forty"]);
    expect(invalid).toMatchObject({ ok: false, reason: "invalid-args" });
    expect(invalid.ok || invalid.message).toMatch(/Usage: \/add/);
    expect(await ctx.commands.run(ctx, "nope", [])).toMatchObject({ ok: false, reason: "unknown" });
    expect(await ctx.commands.run(ctx, "kick", [])).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    expect(await ctx.commands.run(ctx, "crash", [])).toMatchObject({ ok: false, reason: "failed" });
    expect(errors.map((error) => error.code)).toEqual(["SB_ERR_SKILL_FAILED"]);
    expect(ran).not.toContain("kick");
  });

  it("is empty for a context outside any agent", async () => {
    const { ctx } = fakeContext();
    expect(await ctx.commands.available(ctx)).toEqual([]);
    expect(await ctx.commands.run(ctx, "add", ["1", "2"])).toMatchObject({ reason: "unknown" });
  });

  it("refuses two skills with one name, and a command clashing with another skill's", () => {
    const twin = defineSkill({ name: "tools", description: "", setup() {} });
    expect(() => dispatcherFor([tools(), twin()]).dispatcher.seal()).toThrow(
      /two skills are named "tools"/,
    );
    const clash = defineSkill({
      name: "clash",
      description: "",
      setup(skill) {
        skill.command(add, () => undefined);
      },
    });
    expect(() => dispatcherFor([tools(), clash()]).dispatcher.seal()).toThrow(
      /command \/add of skill "clash" clashes with tools/,
    );
  });
});
