import { performance } from "node:perf_hooks";
import type { GroupUpdated, Intent } from "@xmtp/node-sdk";
import type { Command } from "../commands/define-command.js";
import { formatHelp } from "../commands/format-help.js";
import { type CommandLine, parseCommandLine } from "../commands/parse-command.js";
import { parseCommandArgs } from "../commands/parse-command-args.js";
import { UnterminatedQuoteError } from "../commands/tokenize.js";
import { compose } from "../compose/compose.js";
import type { MiddlewareFn } from "../compose/middleware.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { ActionRegistry } from "../runtime/action-registry.js";
import type { Context } from "../runtime/context.js";
import { deriveGroupChanges } from "../runtime/group-changes.js";
import { intentSchema } from "./intent-schema.js";
import type { RegisteredCommand, Skill } from "./skill.js";

export interface SkillRouterOptions {
  /** Command prefix, "/" by default. */
  prefix?: string;
  /** Where the records of sent buttons live, to route taps. */
  actions: ActionRegistry;
  /** Called after every skill handler, for per-skill timing. */
  onSkillSettled?(report: SkillSettled): void;
  /** Called with every skill failure; the router itself never throws for one. */
  onError(error: SwitchboardError, ctx: Context): void;
}

/** One skill handler's run, as telemetry sees it. */
export interface SkillSettled {
  skill: string;
  /** What ran: `on("text")`, `/poll`, `action("vote")`... */
  handler: string;
  ok: boolean;
  durationMs: number;
}

interface CommandEntry extends RegisteredCommand {
  skill: Skill;
}

/**
 * The last middleware of the chain: hands each event to the skills that handle it. Every
 * skill handler runs inside its own error boundary, so one failing skill is reported and the
 * others (and the agent) carry on.
 *
 * Order for a message: event handlers of every skill (in skill order), then the command it
 * carries, if any. Intents go to the skill whose buttons were tapped. For a throttled sender
 * (`ctx.throttled`) only observer skills' event handlers run.
 */
export function createSkillRouter(
  skills: readonly Skill[],
  options: SkillRouterOptions,
): MiddlewareFn<Context> {
  const prefix = options.prefix ?? "/";
  const commands = indexCommands(skills);
  const chains = new Map(
    skills.map((skill) => [skill.name, compose(skill.registrations.middleware)]),
  );

  /** Runs `work` as `skill`, through the skill's own middleware, inside a boundary. */
  async function runAs(skill: Skill, ctx: Context, what: string, work: (view: Context) => unknown) {
    const view = ctx.forSkill(skill.name);
    const started = performance.now();
    const settled = (ok: boolean) =>
      options.onSkillSettled?.({
        skill: skill.name,
        handler: what,
        ok,
        durationMs: performance.now() - started,
      });
    try {
      await chains.get(skill.name)!(view, async () => {
        await work(view);
      });
      settled(true);
      return true;
    } catch (cause) {
      settled(false);
      ctx.outcome = "failed";
      options.onError(
        new SwitchboardError(
          "SB_ERR_SKILL_FAILED",
          `skill "${skill.name}" failed in ${what}: ${(cause as Error)?.message}`,
          {
            cause,
            context: { skill: skill.name, event: ctx.event, messageId: ctx.message?.id },
          },
        ),
        ctx,
      );
      return false;
    }
  }

  async function runEventHandlers(ctx: Context) {
    for (const skill of skills) {
      if (ctx.throttled && !skill.observer) continue;
      for (const handler of skill.registrations.events.get(ctx.event) ?? []) {
        await runAs(skill, ctx, `on("${ctx.event}")`, (view) => handler(view));
      }
      if (ctx.event !== "group_updated") continue;
      for (const { name, change } of deriveGroupChanges(ctx.content as GroupUpdated)) {
        for (const handler of skill.registrations.groupChanges.get(name) ?? []) {
          await runAs(skill, ctx, `on("${name}")`, (view) =>
            handler(view as Context<"group_updated">, change as never),
          );
        }
      }
    }
  }

  async function runCommand(ctx: Context<"text" | "markdown">, line: CommandLine) {
    if (line.name === "help") return answerHelp(ctx, line.args[0]);
    const entry = commands.get(line.name);
    if (!entry) {
      // In groups other bots' commands are common; only a DM gets "unknown command".
      if (ctx.isDm()) await ctx.reply(`Unknown command ${prefix}${line.name}. Try ${prefix}help.`);
      return;
    }
    if (entry.command.adminOnly && !(await isAllowedAdmin(ctx, entry.command))) return;
    const parsed = parseCommandArgs(entry.command, line.args, { prefix });
    if (!parsed.ok) {
      await ctx.reply(`${parsed.error}\nUsage: ${parsed.usage}`);
      return;
    }
    const ok = await runAs(entry.skill, ctx, `${prefix}${line.name}`, (view) =>
      entry.handler(parsed.value, view as Context<"text" | "markdown">),
    );
    if (!ok)
      await ctx
        .reply(`Sorry, ${prefix}${line.name} failed. The error has been logged.`)
        .catch(() => undefined);
  }

  async function isAllowedAdmin(ctx: Context, command: Command): Promise<boolean> {
    if (!ctx.isGroup()) {
      await ctx.reply(`${prefix}${command.name} works in a group, by its admins.`);
      return false;
    }
    if (await ctx.isAdmin()) return true;
    await ctx.reply(`Only group admins can use ${prefix}${command.name}.`);
    return false;
  }

  async function answerHelp(ctx: Context, skillName: string | undefined) {
    const shown = skillName
      ? skills.filter((skill) => skill.name === skillName.toLowerCase())
      : skills;
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
          skill.registrations.commands.map((c) => c.command),
          { prefix },
        ),
        skill.description,
      ].join("\n"),
    );
    await ctx.replyMarkdown(blocks.join("\n\n"));
  }

  async function routeIntent(ctx: Context<"intent">) {
    const parsed = intentSchema.safeParse(ctx.content);
    if (!parsed.success) {
      ctx.outcome = "rejected";
      ctx.log.warn(
        { code: "SB_ERR_INTENT_INVALID", reason: parsed.error.issues[0]?.message },
        "intent refused",
      );
      return;
    }
    const intent: Intent = parsed.data;
    if (ctx.isGroup() && !(await isMember(ctx, ctx.senderInboxId))) {
      ctx.outcome = "rejected";
      ctx.log.info({ sender: ctx.senderInboxId }, "intent from a non-member ignored");
      return;
    }
    const resolution = await options.actions.resolve(intent, ctx.conversation.id);
    if (!resolution.ok) {
      ctx.outcome = "rejected";
      const code =
        resolution.reason === "expired" ? "SB_ERR_ACTION_EXPIRED" : "SB_ERR_ACTION_UNKNOWN";
      ctx.log.info({ code, reason: resolution.reason, actionsId: intent.id }, "intent not routed");
      if (resolution.reason === "expired") await ctx.reply("That button has expired.");
      return;
    }
    const { record } = resolution;
    const skill = skills.find((candidate) => candidate.name === record.skill);
    const action = skill?.registrations.actions.get(record.handler);
    if (!skill || !action) {
      ctx.log.warn(
        { skill: record.skill, handler: record.handler },
        "no handler for these buttons any more",
      );
      return;
    }
    const metadata = action.metadata
      ? action.metadata.safeParse(intent.metadata)
      : { success: true as const, data: undefined };
    if (!metadata.success) {
      ctx.outcome = "rejected";
      ctx.log.warn(
        { code: "SB_ERR_INTENT_INVALID", reason: metadata.error.issues[0]?.message },
        "intent metadata refused",
      );
      return;
    }
    await runAs(skill, ctx, `action("${record.handler}")`, (view) =>
      action.handler(view as Context<"intent">, {
        actionId: intent.actionId,
        data: record.data,
        metadata: metadata.data,
      }),
    );
  }

  return async (ctx) => {
    // A throttled event keeps its "limited" outcome; observers still see it, nothing answers it.
    if (!ctx.throttled) ctx.outcome = "handled";
    await runEventHandlers(ctx);
    if (ctx.throttled) return;
    if (ctx.is("intent")) return routeIntent(ctx);
    if (!ctx.is("text", "markdown")) return;
    let line: CommandLine | undefined;
    try {
      line = parseCommandLine(ctx.content, { prefix });
    } catch (error) {
      if (!(error instanceof UnterminatedQuoteError)) throw error;
      await ctx.reply(`${error.message}. Close the quote and try again.`);
      return;
    }
    if (line) await runCommand(ctx, line);
  };
}

async function isMember(ctx: Context, inboxId: string | undefined): Promise<boolean> {
  if (!inboxId || !ctx.isGroup()) return false;
  const members = await ctx.conversation.members();
  return members.some((member) => member.inboxId === inboxId);
}

function indexCommands(skills: readonly Skill[]): Map<string, CommandEntry> {
  const index = new Map<string, CommandEntry>();
  for (const skill of skills) {
    for (const registered of skill.registrations.commands) {
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
