import type { Client } from "@xmtp/node-sdk";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Command, CommandArgs } from "../commands/define-command.js";
import type { Middleware } from "../compose/middleware.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Context } from "../runtime/context.js";
import type { EventName } from "../runtime/events.js";
import type { GroupChangeName, GroupChanges } from "../runtime/group-changes.js";
import type { Json, Store } from "../store/store.js";

/** A command handler: arguments already validated and typed by the command's zod schemas. */
export type SkillCommandHandler<C extends Command> = (
  args: CommandArgs<C>,
  ctx: Context<"text" | "markdown">,
) => unknown;

/** A tap on one of this skill's action buttons, checked against its record. */
export interface ActionTap<Metadata> {
  actionId: string;
  /** What the skill attached when sending the buttons. */
  data: Json | undefined;
  /** The intent's metadata, validated by the handler's schema. */
  metadata: Metadata;
}

// Handlers may return anything (a promise, a message id...); the router only awaits it.
export type EventHandler<E extends EventName> = (ctx: Context<E>) => unknown;
export type GroupChangeHandler<N extends GroupChangeName> = (
  ctx: Context<"group_updated">,
  change: GroupChanges[N],
) => unknown;

/** What a skill can use outside any event: timers that post poll results, periodic re-checks. */
export interface SkillServices {
  client: Client;
  store: Store;
  log: Logger;
  /** A context for a conversation with no incoming event, to send into it. */
  contextFor(conversationId: string): Promise<Context<"conversation"> | undefined>;
}

export interface RegisteredCommand {
  command: Command;
  handler: SkillCommandHandler<Command>;
}

export interface RegisteredAction {
  handler: (ctx: Context<"intent">, tap: ActionTap<unknown>) => unknown;
  metadata: z.ZodType | undefined;
}

/** The registrations a skill's `setup` made; the router reads them. */
export interface SkillRegistrations {
  commands: RegisteredCommand[];
  events: Map<EventName, EventHandler<EventName>[]>;
  groupChanges: Map<GroupChangeName, GroupChangeHandler<GroupChangeName>[]>;
  actions: Map<string, RegisteredAction>;
  middleware: Middleware<Context>[];
  startHooks: Array<(services: SkillServices) => Promise<void> | void>;
  stopHooks: Array<() => Promise<void> | void>;
}

/** The API a skill's `setup` receives to register what it handles. */
export class SkillBuilder {
  readonly registrations: SkillRegistrations = {
    commands: [],
    events: new Map(),
    groupChanges: new Map(),
    actions: new Map(),
    middleware: [],
    startHooks: [],
    stopHooks: [],
  };

  /** Handles `/name args...`; bad arguments are answered with usage before the handler runs. */
  command<C extends Command>(command: C, handler: SkillCommandHandler<C>): this {
    this.registrations.commands.push({ command, handler: handler as SkillCommandHandler<Command> });
    return this;
  }

  /** Handles an event kind (`text`, `reaction`, `conversation`...) or a derived group change. */
  on<E extends EventName>(event: E, handler: EventHandler<E>): this;
  on<N extends GroupChangeName>(change: N, handler: GroupChangeHandler<N>): this;
  on(
    name: EventName | GroupChangeName,
    handler: EventHandler<never> | GroupChangeHandler<never>,
  ): this {
    const table = isGroupChange(name) ? this.registrations.groupChanges : this.registrations.events;
    const list = (table as Map<string, unknown[]>).get(name) ?? [];
    list.push(handler);
    (table as Map<string, unknown[]>).set(name, list);
    return this;
  }

  /**
   * Handles taps on buttons this skill sent with `ctx.sendActions({ handler: name })`. Intent
   * metadata is validated with `metadata` (anything else is refused before the handler runs).
   */
  action<M = undefined>(
    name: string,
    handler: (ctx: Context<"intent">, tap: ActionTap<M>) => unknown,
    options: { metadata?: z.ZodType<M> } = {},
  ): this {
    this.registrations.actions.set(name, {
      handler: handler as RegisteredAction["handler"],
      metadata: options.metadata,
    });
    return this;
  }

  /** Middleware that runs around this skill's handlers only. */
  use(...middleware: Middleware<Context>[]): this {
    this.registrations.middleware.push(...middleware);
    return this;
  }

  onStart(hook: (services: SkillServices) => Promise<void> | void): this {
    this.registrations.startHooks.push(hook);
    return this;
  }

  onStop(hook: () => Promise<void> | void): this {
    this.registrations.stopHooks.push(hook);
    return this;
  }
}

const GROUP_CHANGES: readonly string[] = [
  "member-added",
  "member-removed",
  "admin-changed",
  "metadata-changed",
];
const isGroupChange = (name: string): name is GroupChangeName => GROUP_CHANGES.includes(name);

/** A configured skill, ready to hand to an agent. */
export interface Skill {
  readonly name: string;
  readonly description: string;
  /** Its event handlers run for every message, even a throttled sender's (`ctx.throttled`). */
  readonly observer: boolean;
  readonly registrations: SkillRegistrations;
}

export interface SkillDefinition<Schema extends z.ZodType> {
  /** Lowercase, used in `/help <name>`, logs and store namespaces. */
  name: string;
  description: string;
  /** Validates the options the skill is created with. */
  config?: Schema;
  /**
   * An observer must see every message (moderation, audit): its event handlers run even when
   * the rate limit has throttled the sender, while its commands and actions, like every other
   * skill's, are skipped for a throttled sender.
   */
  observer?: boolean;
  setup(skill: SkillBuilder, config: z.output<Schema>): void;
}

/**
 * Defines a skill: a named module of commands, event handlers and action handlers, configured
 * through a zod schema. Returns the factory agents call with options.
 *
 * @example
 * export const echo = defineSkill({
 *   name: "echo",
 *   description: "Repeats what you say",
 *   config: z.object({ prefix: z.string().default("you said: ") }),
 *   setup(skill, { prefix }) {
 *     skill.on("text", (ctx) => ctx.reply(prefix + ctx.content));
 *   },
 * });
 * const skills = [echo({ prefix: "> " })];
 */
export function defineSkill<Schema extends z.ZodType = z.ZodType<Record<string, never>>>(
  definition: SkillDefinition<Schema>,
): (options?: z.input<Schema>) => Skill {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(definition.name)) {
    throw new SwitchboardError(
      "SB_ERR_CONFIG_INVALID",
      `skill name "${definition.name}" must be lowercase letters, digits and dashes`,
    );
  }
  return (options) => {
    let config: z.output<Schema> = options as z.output<Schema>;
    if (definition.config) {
      const parsed = definition.config.safeParse(options ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join(".") || "(options)"}: ${issue.message}`,
        );
        throw new SwitchboardError(
          "SB_ERR_CONFIG_INVALID",
          `skill "${definition.name}" options are invalid: ${problems.join("; ")}`,
        );
      }
      config = parsed.data;
    }
    const builder = new SkillBuilder();
    definition.setup(builder, config);
    return {
      name: definition.name,
      description: definition.description,
      observer: definition.observer ?? false,
      registrations: builder.registrations,
    };
  };
}
