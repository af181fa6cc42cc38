/** Calls the rest of the chain; resolves when everything after this middleware has finished. */
export type Next = () => Promise<void>;

/** A middleware function: do work, `await next()` to run the rest, do more work. */
export type MiddlewareFn<C> = (ctx: C, next: Next) => Promise<void> | void;

/**
 * Anything that can stand in a chain: a function, or an object that makes one
 * (a plugin instance, a router). grammY accepts both; so does Switchboard.
 */
export type Middleware<C> = MiddlewareFn<C> | { middleware(): MiddlewareFn<C> };

/** Normalises a {@link Middleware} to its function. */
export function toMiddlewareFn<C>(middleware: Middleware<C>): MiddlewareFn<C> {
  return typeof middleware === "function" ? middleware : middleware.middleware();
}
