import type { Intent } from "@xmtp/node-sdk";
import type { Command } from "../commands/define-command.js";
import { formatHelp } from "../commands/format-help.js";
import { type CommandLine, parseCommandLine } from "../commands/parse-command.js";
import { parseCommandArgs } from "../commands/parse-command-args.js";
import { UnterminatedQuoteError } from "../commands/tokenize.js";
import { compose } from "../compose/compose.js";
import type { MiddlewareFn } from "../compose/middleware.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { ActionRegistry } from "../runtime/action-registry.js";
import type {
  CommandDirectory,
  CommandInfo,
  CommandRunResult,
} from "../runtime/command-directory.js";
import type { Context } from "../runtime/context.js";
import type { SkillSettled } from "../runtime/events.js";
import type { RegisteredCommand } from "./composer.js";
import { intentSchema } from "./intent-schema.js";
import { type Route, setRoute } from "./route.js";
import type { Skill } from "./skill.js";

export interface DispatcherOptions {
  /** Command prefix, "/" by default. */
  prefix?: string;
  /** Where the records of sent buttons live, to route taps. */
  actions: ActionRegistry;
  /** Called after every skill that handled something, for per-skill timing. */
  onSkillSettled?(report: SkillSettled): void;
  /** Called with every skill failure; the dispatcher itself never throws for one. */
  onError(error: SwitchboardError, ctx: Context): void;
}

/** The last middleware of an agent's chain, and the agent's command directory. */
export interface Dispatcher {
  middleware: MiddlewareFn<Context>;
  commands: CommandDirectory;
  /**
   * Indexes the skills' commands, throwing `SB_ERR_CONFIG_INVALID` on a clash. Done on the
   * first event otherwise; an agent calls it as it starts, once every handler is added.
   */
  seal(): void;
}

interface CommandEntry extends RegisteredCommand {
  skill: Skill;
}

/** Where an event goes, and what the agent itself answers once the skills have run. */
interface Routing {
  route: Route;
  answer?: () => Promise<unknown>;
}

/**
 * Ends an agent's chain: decides once where an event goes (which skill's command, which
 * skill's buttons), then runs every skill as middleware, in order. Each skill runs inside its
 * own error boundary, so one failing skill is reported and the others (and the agent) carry on.
 * The built-in `/help`, "unknown command" and usage answers come after the skills have run.
 */
export function createDispatcher(skills: readonly Skill[], options: DispatcherOptions): Dispatcher {
  const prefix = options.prefix ?? "/";
  let index: Map<string, CommandEntry> | undefined;
  const commands = () => {
    index ??= indexCommands(skills);
    return index;
  };
  const chain = compose(skills.map((skill) => skill.middleware()));
  const newRoute = (events: boolean): Route => ({
    events,
    failed: new Set(),
    onError: options.onError,
    onSettled: (report) => options.onSkillSettled?.(report),
  });

  /** Why `ctx`'s sender may not run `command` here, or undefined when they may. */
  async function refusal(ctx: Context, command: Command): Promise<string | undefined> {
    if (!command.adminOnly) return undefined;
    if (!ctx.isGroup()) return `${prefix}${command.name} works in a group, by its admins.`;
    if (await ctx.isAdmin()) return undefined;
    return `Only group admins can use ${prefix}${command.name}.`;
  }

  async function routeCommand(ctx: Context, route: Route, line: CommandLine): Promise<Routing> {
    if (line.name === "help") return { route, answer: () => answerHelp(ctx, line.args[0]) };
    const entry = commands().get(line.name);
    if (!entry) {
      // In groups other bots' commands are common; only a DM gets "unknown command".
      if (!ctx.isDm()) return { route };
      return {
        route,
        answer: () => ctx.reply(`Unknown command ${prefix}${line.name}. Try ${prefix}help.`),
      };
    }
    const refused = await refusal(ctx, entry.command);
    if (refused) return { route, answer: () => ctx.reply(refused) };
    const parsed = parseCommandArgs(entry.command, line.args, { prefix });
    if (!parsed.ok)
      return { route, answer: () => ctx.reply(`${parsed.error}\nUsage: ${parsed.usage}`) };
    route.command = { skill: entry.skill.name, name: entry.command.name, args: parsed.value };
    const failed = () =>
      route.failed.has(entry.skill.name)
        ? ctx
            .reply(`Sorry, ${prefix}${line.name} failed. The error has been logged.`)
            .catch(() => undefined)
        : Promise.resolve();
    return { route, answer: failed };
  }

  async function answerHelp(ctx: Context, skillName: string | undefined) {
    const shown = skillName
      ? skills.filter((skill) => skill.name === skillName.toLowerCase())
      : skills.filter((skill) => skill.description || skill.commands.length > 0);
    if (shown.length === 0) {
      await ctx.reply(
        `No skill named "${skillName}". Skills: ${skills.map((s) => s.name).join(", ")}`,
      );
      return;
    }
    // Every skill is listed, with its description, so /help also explains what happens on its own.
    const blocks = shown.map((skill) =>
      [
        formatHelp(
          skill.name,
          skill.commands
            .map((c) => c.command)
            // Admin commands only work in groups: a DM's help leaves them out.
            .filter((command) => ctx.isGroup() || !command.adminOnly),
          { prefix },
        ),
        skill.description,
      ]
        .filter(Boolean)
        .join("\n"),
    );
    await ctx.replyMarkdown(blocks.join("\n\n"));
  }

  async function routeIntent(ctx: Context<"intent">, route: Route): Promise<Routing> {
    const parsed = intentSchema.safeParse(ctx.content);
    if (!parsed.success) {
      ctx.outcome = "rejected";
      ctx.log.warn(
        { code: "SB_ERR_INTENT_INVALID", reason: parsed.error.issues[0]?.message },
        "intent refused",
      );
      return { route };
    }
    const intent: Intent = parsed.data;
    if (ctx.isGroup() && !(await isMember(ctx, ctx.senderInboxId))) {
      ctx.outcome = "rejected";
      ctx.log.info({ sender: ctx.senderInboxId }, "intent from a non-member ignored");
      return { route };
    }
    const resolution = await options.actions.resolve(intent, ctx.conversation.id);
    if (!resolution.ok) {
      ctx.outcome = "rejected";
      const code =
        resolution.reason === "expired" ? "SB_ERR_ACTION_EXPIRED" : "SB_ERR_ACTION_UNKNOWN";
      ctx.log.info({ code, reason: resolution.reason, actionsId: intent.id }, "intent not routed");
      if (resolution.reason === "expired")
        return { route, answer: () => ctx.reply("That button has expired.") };
      return { route };
    }
    const { record } = resolution;
    const skill = skills.find((candidate) => candidate.name === record.skill);
    if (!skill?.actions.has(record.handler)) {
      ctx.log.warn(
        { skill: record.skill, handler: record.handler },
        "no handler for these buttons any more",
      );
      return { route };
    }
    route.action = { skill: record.skill, handler: record.handler, intent, data: record.data };
    return { route };
  }

  async function routeFor(ctx: Context): Promise<Routing> {
    const route = newRoute(true);
    // Over a limit: observer skills still watch, but nothing is answered or run on request.
    if (ctx.throttled) return { route };
    if (ctx.is("intent")) return routeIntent(ctx, route);
    if (!ctx.is("text", "markdown")) return { route };
    try {
      const line = parseCommandLine(ctx.content, { prefix });
      return line ? routeCommand(ctx, route, line) : { route };
    } catch (error) {
      if (!(error instanceof UnterminatedQuoteError)) throw error;
      return { route, answer: () => ctx.reply(`${error.message}. Close the quote and try again.`) };
    }
  }

  const directory: CommandDirectory = {
    async available(ctx) {
      const offered: CommandInfo[] = [];
      for (const entry of commands().values()) {
        if (await refusal(ctx, entry.command)) continue;
        offered.push({
          name: entry.command.name,
          description: entry.command.description,
          skill: entry.skill.name,
          command: entry.command,
        });
      }
      return offered;
    },
    async run(ctx, name, args): Promise<CommandRunResult> {
      const bare = name.startsWith(prefix) ? name.slice(prefix.length) : name;
      const entry = commands().get(bare.toLowerCase());
      if (!entry)
        return { ok: false, reason: "unknown", message: `Unknown command ${prefix}${name}.` };
      const refused = await refusal(ctx, entry.command);
      if (refused) return { ok: false, reason: "forbidden", message: refused };
      const parsed = parseCommandArgs(entry.command, args, { prefix });
      if (!parsed.ok) {
        return {
          ok: false,
          reason: "invalid-args",
          message: `${parsed.error}\nUsage: ${parsed.usage}`,
        };
      }
      // A fresh view, so the route of the event being handled stays as it is.
      const view = ctx.forSkill(entry.skill.name);
      const route = newRoute(false);
      route.command = { skill: entry.skill.name, name: entry.command.name, args: parsed.value };
      setRoute(view, route);
      if (await entry.skill.run(view)) return { ok: true };
      return {
        ok: false,
        reason: "failed",
        message: `${prefix}${entry.command.name} failed. The error has been logged.`,
      };
    },
  };

  const middleware: MiddlewareFn<Context> = async function dispatch(ctx) {
    ctx.outcome = "handled";
    const { route, answer } = await routeFor(ctx);
    setRoute(ctx, route);
    await chain(ctx);
    await answer?.();
  };
  return { middleware, commands: directory, seal: () => void commands() };
}

async function isMember(ctx: Context, inboxId: string | undefined): Promise<boolean> {
  if (!inboxId || !ctx.isGroup()) return false;
  const members = await ctx.conversation.members();
  return members.some((member) => member.inboxId === inboxId);
}

function indexCommands(skills: readonly Skill[]): Map<string, CommandEntry> {
  const index = new Map<string, CommandEntry>();
  const names = new Set<string>();
  for (const skill of skills) {
    if (names.has(skill.name)) {
      throw new SwitchboardError("SB_ERR_CONFIG_INVALID", `two skills are named "${skill.name}"`);
    }
    names.add(skill.name);
    for (const registered of skill.commands) {
      const name = registered.command.name;
      const clash = name === "help" ? "the built-in /help" : index.get(name)?.skill.name;
      if (clash) {
        throw new SwitchboardError(
          "SB_ERR_CONFIG_INVALID",
          `command /${name} of skill "${skill.name}" clashes with ${clash}`,
        );
      }
      index.set(name, { ...registered, skill });
    }
  }
  return index;
}
