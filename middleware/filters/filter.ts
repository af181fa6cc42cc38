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
 * Turns a filter into middleware that goes on only when the filter passes; otherwise the chain
 * stops there and `ctx.outcome` stays `filtered`. Middleware given after the filter runs first,
 * with `ctx` narrowed to what the filter proves, and then the rest of the chain.
 *
 * @example
 * skill.use(filter(and(groupOnly, senderIsAdmin)));
 * agent.use(filter(groupOnly, (ctx, next) => {
 *   ctx.conversation.name; // a Group here
 *   return next();
 * }));
 */
export function filter<F extends Predicate>(
  predicate: F,
  ...middleware: Middleware<Narrowed<F>>[]
): MiddlewareFn<Context> {
  const narrowedChain = middleware.length > 0 ? compose(middleware) : undefined;
  return async function filterMiddleware(ctx, next) {
    if (!(await predicate(ctx))) return;
    if (narrowedChain) await narrowedChain(ctx as Narrowed<F>, next);
    else await next();
  };
}
