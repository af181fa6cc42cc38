import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { z } from "zod";
import type { MiddlewareFn } from "../compose/middleware.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Context } from "../runtime/context.js";
import type { Store } from "../store/store.js";
import { Composer, type RegisteredCommand } from "./composer.js";
import { markHandled, type Route, routeOf, setRoute, wasHandled } from "./route.js";

/**
 * What a skill can use outside any event: timers that post poll results, periodic re-checks.
 * There is no client here on purpose: every write goes through a context (`contextFor`), so
 * that it is paced, retried and counted.
 */
export interface SkillServices {
  store: Store;
  log: Logger;
  /** A context for a conversation with no incoming event, to send into it. */
  contextFor(conversationId: string): Promise<Context<"conversation"> | undefined>;
}

/** The API a skill's `setup` receives: a {@link Composer} plus the skill's lifecycle hooks. */
export class SkillBuilder extends Composer {
  readonly startHooks: Array<(services: SkillServices) => Promise<void> | void> = [];
  readonly stopHooks: Array<() => Promise<void> | void> = [];

  /** Runs when the agent starts, before its streams open: arm timers, load state. */
  onStart(hook: (services: SkillServices) => Promise<void> | void): this {
    this.startHooks.push(hook);
    return this;
  }

  /** Runs when the agent stops, before it drains: stop timers. */
  onStop(hook: () => Promise<void> | void): this {
    this.stopHooks.push(hook);
    return this;
  }
}

/**
 * A configured skill: middleware with a name, its own store namespace and logger, and one
 * error boundary. Its `use` middleware runs once per event; whatever it throws is reported
 * and the event goes on to the next skill, so a failing skill never stops the agent.
 */
export class Skill {
  readonly name: string;
  readonly description: string;
  /** Runs even when the sender is throttled (`ctx.throttled`), e.g. moderation. */
  readonly observer: boolean;
  readonly #builder: SkillBuilder;
  readonly #run: MiddlewareFn<Context>;

  constructor(
    definition: { name: string; description: string; observer?: boolean },
    builder: SkillBuilder,
  ) {
    this.name = definition.name;
    this.description = definition.description;
    this.observer = definition.observer ?? false;
    this.#builder = builder;
    this.#run = builder.middleware();
  }

  /** The skill's commands, for `/help` and `ctx.commands`. */
  get commands(): readonly RegisteredCommand[] {
    return this.#builder.commands;
  }

  /** The names of the skill's action handlers. */
  get actions(): ReadonlySet<string> {
    return this.#builder.actions;
  }

  get startHooks(): readonly ((services: SkillServices) => Promise<void> | void)[] {
    return this.#builder.startHooks;
  }

  get stopHooks(): readonly (() => Promise<void> | void)[] {
    return this.#builder.stopHooks;
  }

  /** The skill as middleware: runs it (unless the sender is throttled), then the rest. */
  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      if (!ctx.throttled || this.observer) await this.run(ctx);
      await next();
    };
  }

  /**
   * Runs the skill on `ctx` in its own view (store namespace, logger) inside its error
   * boundary; resolves false when it failed, which has then been reported.
   */
  async run(ctx: Context): Promise<boolean> {
    const route = routeOf(ctx);
    const view = ctx.forSkill(this.name);
    setRoute(view, route);
    const started = performance.now();
    let ok = true;
    try {
      await this.#run(view, async () => undefined);
    } catch (cause) {
      ok = false;
      markHandled(view);
      route.failed.add(this.name);
      ctx.outcome = "failed";
      route.onError(
        new SwitchboardError(
          "SB_ERR_SKILL_FAILED",
          `skill "${this.name}" failed in ${describeRun(this.name, view, route)}: ${(cause as Error)?.message}`,
          {
            cause,
            ctx: view,
            context: { skill: this.name, event: ctx.event, messageId: ctx.message?.id },
          },
        ),
        view,
      );
    }
    if (wasHandled(view)) {
      route.onSettled({
        skill: this.name,
        handler: describeRun(this.name, view, route),
        ok,
        durationMs: performance.now() - started,
      });
    }
    return ok;
  }
}

/** What a skill run was about, for logs and metrics: `/poll`, `action("vote")`, `on("text")`. */
function describeRun(skill: string, ctx: Context, route: Route): string {
  if (route.command?.skill === skill) return `/${route.command.name}`;
  if (route.action?.skill === skill) return `action("${route.action.handler}")`;
  return `on("${ctx.event}")`;
}

export interface SkillDefinition<Schema extends z.ZodType> {
  /** Lowercase, used in `/help <name>`, logs and store namespaces. */
  name: string;
  description: string;
  /** Validates the options the skill is created with. */
  config?: Schema;
  /**
   * Runs even for a throttled sender (see `ctx.throttled`): for skills that watch every
   * message, like moderation. Its commands and actions are still skipped then.
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
 * const agent = await createAgent({ name: "echo-bot", skills: [echo({ prefix: "> " })] });
 */
export function defineSkill<Schema extends z.ZodType = z.ZodType<Record<string, never>>>(
  definition: SkillDefinition<Schema>,
): (options?: z.input<Schema>) => Skill {
  if (!isSkillName(definition.name)) {
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
    return new Skill(definition, builder);
  };
}

export const isSkillName = (name: string): boolean => /^[a-z][a-z0-9-]{0,31}$/.test(name);
