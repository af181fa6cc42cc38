import type { GroupUpdated } from "@xmtp/node-sdk";
import type { z } from "zod";
import { type Narrowed, only, type Predicate, when } from "../../middleware/filters/filter.js";
import type { Command, CommandArgs } from "../commands/define-command.js";
import { compose } from "../compose/compose.js";
import { type Middleware, type MiddlewareFn, toMiddlewareFn } from "../compose/middleware.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Context } from "../runtime/context.js";
import type { EventName } from "../runtime/events.js";
import {
  deriveGroupChanges,
  type GroupChangeName,
  type GroupChanges,
} from "../runtime/group-changes.js";
import type { Json } from "../store/store.js";
import { markHandled, routeOf } from "./route.js";

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

// Handlers may return anything (a promise, a message id...); the composer only awaits it.
export type EventHandler<E extends EventName> = (ctx: Context<E>) => unknown;
export type GroupChangeHandler<N extends GroupChangeName> = (
  ctx: Context<"group_updated">,
  change: GroupChanges[N],
) => unknown;
export type ActionHandler<M> = (ctx: Context<"intent">, tap: ActionTap<M>) => unknown;

/** A command a composer handles, kept to build `/help` and the command directory. */
export interface RegisteredCommand {
  command: Command;
  handler: SkillCommandHandler<Command>;
}

const GROUP_CHANGES: readonly string[] = [
  "member-added",
  "member-removed",
  "admin-changed",
  "metadata-changed",
];
const isGroupChange = (name: string): name is GroupChangeName => GROUP_CHANGES.includes(name);

/**
 * A chain of middleware that is itself middleware, as grammY's `Composer`: `use` adds
 * middleware, `on`, `command` and `action` add handlers, and the whole composes once into one
 * function (`middleware()`). A skill is a composer with a name and an error boundary.
 *
 * Unlike grammY, a handler does not end the chain: every handler that matches runs, in order
 * (three `on("text")` handlers all see a message), and the event goes on to the next skill.
 * Middleware given to `use` runs once per event, around every handler added after it.
 *
 * @example
 * const admin = new Composer();
 * admin.use(only(senderIsAdmin));
 * admin.command(kick, async ([who], ctx) => ctx.removeMembers([who]));
 * skill.use(admin);
 */
export class Composer<C extends Context = Context> {
  readonly #chain: MiddlewareFn<C>[] = [];
  readonly #commands: RegisteredCommand[] = [];
  readonly #actions = new Set<string>();
  readonly #children: Composer<Context>[] = [];
  #composed: ((ctx: C, next: () => Promise<void>) => Promise<void>) | undefined;

  /** Adds middleware (functions, composers, skills) that runs around everything added after it. */
  use(...middleware: Middleware<C>[]): this {
    this.#adopt(middleware);
    for (const item of middleware) this.#add(toMiddlewareFn(item));
    return this;
  }

  /** Handles an event kind (`text`, `reaction`, `conversation`...) or a derived group change. */
  on<E extends EventName>(event: E, handler: EventHandler<E>): this;
  on<N extends GroupChangeName>(change: N, handler: GroupChangeHandler<N>): this;
  on(
    name: EventName | GroupChangeName,
    handler: EventHandler<never> | GroupChangeHandler<never>,
  ): this {
    const run = handler as (ctx: Context, change?: unknown) => unknown;
    if (isGroupChange(name)) {
      return this.#add(async (ctx, next) => {
        if (routeOf(ctx).events && ctx.is("group_updated")) {
          for (const derived of deriveGroupChanges(ctx.content as GroupUpdated)) {
            if (derived.name !== name) continue;
            markHandled(ctx);
            await run(ctx, derived.change);
          }
        }
        await next();
      });
    }
    return this.#add(async (ctx, next) => {
      if (routeOf(ctx).events && ctx.event === name) {
        markHandled(ctx);
        await run(ctx);
      }
      await next();
    });
  }

  /** Handles `/name args...`; bad arguments are answered with usage before the handler runs. */
  command<Cmd extends Command>(command: Cmd, handler: SkillCommandHandler<Cmd>): this {
    const registered = { command, handler: handler as SkillCommandHandler<Command> };
    this.#commands.push(registered);
    return this.#add(async (ctx, next) => {
      const routed = routeOf(ctx).command;
      if (
        routed?.name === command.name &&
        routed.skill === ctx.skill &&
        ctx.is("text", "markdown")
      ) {
        markHandled(ctx);
        await registered.handler(routed.args, ctx);
      }
      await next();
    });
  }

  /**
   * Handles taps on buttons this skill sent with `ctx.sendActions({ handler: name })`. Intent
   * metadata is validated with `metadata` (anything else is refused before the handler runs).
   */
  action<M = undefined>(
    name: string,
    handler: ActionHandler<M>,
    options: { metadata?: z.ZodType<M> } = {},
  ): this {
    this.#actions.add(name);
    return this.#add(async (ctx, next) => {
      const routed = routeOf(ctx).action;
      if (routed?.handler === name && routed.skill === ctx.skill && ctx.is("intent")) {
        markHandled(ctx);
        const metadata = options.metadata
          ? options.metadata.safeParse(routed.intent.metadata)
          : { success: true as const, data: undefined as M };
        if (metadata.success) {
          await handler(ctx, {
            actionId: routed.intent.actionId,
            data: routed.data as Json | undefined,
            metadata: metadata.data,
          });
        } else {
          ctx.outcome = "rejected";
          ctx.log.warn(
            { code: "SB_ERR_INTENT_INVALID", reason: metadata.error.issues[0]?.message },
            "intent metadata refused",
          );
        }
      }
      await next();
    });
  }

  /**
   * A gate for the rest of this composer: what follows runs only when `predicate` passes
   * (with `ctx` narrowed to what it proves); otherwise this composer stops for the event.
   *
   * @example
   * skill.only(groupOnly).command(kick, async ([who], ctx) => ctx.removeMembers([who]));
   */
  only<F extends Predicate>(predicate: F, ...middleware: Middleware<Narrowed<F>>[]): this {
    this.#adopt(middleware);
    return this.#add(only(predicate, ...middleware));
  }

  /**
   * A branch: `middleware` runs (with `ctx` narrowed) only when `predicate` passes; either way
   * the rest of this composer runs. grammY calls this `filter`.
   *
   * @example
   * skill.when(senderIsAdmin, adminTools);
   */
  when<F extends Predicate>(predicate: F, ...middleware: Middleware<Narrowed<F>>[]): this {
    this.#adopt(middleware);
    return this.#add(when(predicate, ...middleware));
  }

  /**
   * Runs `middleware` inside its own error boundary: what it throws goes to `onError` and the
   * rest of this composer carries on, as grammY's `errorBoundary`.
   *
   * @example
   * skill.errorBoundary((error, ctx) => ctx.log.warn({ err: error }, "lookup failed"), lookup);
   */
  errorBoundary(
    onError: (error: SwitchboardError<ErrorCode, C>, ctx: C) => unknown,
    ...middleware: Middleware<C>[]
  ): this {
    const inner = new Composer<C>().use(...middleware);
    this.#adopt([inner]);
    const run = inner.middleware();
    return this.#add(async (ctx, next) => {
      try {
        await run(ctx, async () => undefined);
      } catch (cause) {
        await onError(
          new SwitchboardError<ErrorCode, C>("SB_ERR_SKILL_FAILED", (cause as Error)?.message, {
            cause,
            ctx,
          }),
          ctx,
        );
      }
      await next();
    });
  }

  /** Every command of this composer and the composers it uses, for `/help`. */
  get commands(): readonly RegisteredCommand[] {
    return [...this.#commands, ...this.#children.flatMap((child) => child.commands)];
  }

  /** The names of every action handler of this composer and the composers it uses. */
  get actions(): ReadonlySet<string> {
    return new Set([...this.#actions, ...this.#children.flatMap((child) => [...child.actions])]);
  }

  /** The composed chain; composed once, on first use, after which `use` and the rest are closed. */
  middleware(): MiddlewareFn<C> {
    return (ctx, next) => {
      this.#composed ??= compose(this.#chain);
      return this.#composed(ctx, next);
    };
  }

  /** Nested composers' commands and actions count as this one's, for `/help` and routing. */
  #adopt(middleware: readonly unknown[]): void {
    for (const item of middleware) {
      if (item instanceof Composer) this.#children.push(item as Composer<Context>);
    }
  }

  #add(fn: MiddlewareFn<C>): this {
    if (this.#composed) {
      throw new SwitchboardError(
        "SB_ERR_AGENT_STATE",
        "this composer already ran: add middleware and handlers before the first event",
      );
    }
    this.#chain.push(fn);
    return this;
  }
}
