import { compose } from "../../src/compose/compose.js";
import type { Middleware, MiddlewareFn } from "../../src/compose/middleware.js";
import type { Context } from "../../src/runtime/context.js";

/** Carries an async filter's narrowed type; it never exists at run time. */
declare const narrowsTo: unique symbol;

/** Decides whether an event goes on. Any predicate works; {@link Guard}s also narrow `ctx`. */
export type Predicate = (ctx: Context) => boolean | Promise<boolean>;

/** A synchronous filter that narrows: a type guard. */
export type Guard<N extends Context> = (ctx: Context) => ctx is N;

/**
 * An asynchronous filter that narrows. TypeScript has no async type guards, so the type it
 * proves rides along as a phantom property; {@link filter} and the combinators read it.
 */
export type AsyncFilter<N extends Context> = ((ctx: Context) => Promise<boolean>) & {
  readonly [narrowsTo]?: N;
};

/** The context type a filter proves: its guard type, its phantom type, or plain `Context`. */
export type Narrowed<F> =
  F extends Guard<infer N> ? N : F extends AsyncFilter<infer N> ? N : Context;

/**
 * Declares what an async predicate proves about the context.
 *
 * @example
 * const isMember = asyncFilter<GroupContext>(async (ctx) => ctx.isGroup() && (await isPaid(ctx)));
 */
export function asyncFilter<N extends Context>(
  test: (ctx: Context) => Promise<boolean>,
): AsyncFilter<N> {
  return test;
}

/**
 * A gate: the chain goes on only when the filter passes; otherwise it STOPS here (nothing after
 * runs, and `ctx.outcome` stays `filtered`). Middleware given after the filter runs first, with
 * `ctx` narrowed to what the filter proves, and then the rest of the chain. Inside a skill, a
 * stop ends that skill's run only: the next skill still sees the event.
 *
 * @example
 * skill.use(only(and(groupOnly, senderIsAdmin)));
 * agent.use(only(groupOnly, (ctx, next) => {
 *   ctx.conversation.name; // a Group here
 *   return next();
 * }));
 */
export function only<F extends Predicate>(
  predicate: F,
  ...middleware: Middleware<Narrowed<F>>[]
): MiddlewareFn<Context> {
  const narrowedChain = middleware.length > 0 ? compose(middleware) : undefined;
  return async function onlyMiddleware(ctx, next) {
    if (!(await predicate(ctx))) return;
    if (narrowedChain) await narrowedChain(ctx as Narrowed<F>, next);
    else await next();
  };
}

/**
 * A branch: runs `middleware` (with `ctx` narrowed) only when the filter passes, and otherwise
 * SKIPS it; either way the rest of the chain runs. This is what grammY calls `filter`.
 *
 * @example
 * agent.use(when(groupOnly, (ctx, next) => {
 *   ctx.log.info({ group: ctx.conversation.name }, "group message");
 *   return next();
 * }));
 */
export function when<F extends Predicate>(
  predicate: F,
  ...middleware: Middleware<Narrowed<F>>[]
): MiddlewareFn<Context> {
  const narrowedChain = compose(middleware);
  return async function whenMiddleware(ctx, next) {
    if (await predicate(ctx)) await narrowedChain(ctx as Narrowed<F>, next);
    else await next();
  };
}
