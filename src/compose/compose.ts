import { SwitchboardError } from "../errors/switchboard-error.js";
import { type Middleware, type MiddlewareFn, type Next, toMiddlewareFn } from "./middleware.js";

/**
 * Composes middleware once into one function, koa-style: each runs around the rest of the
 * chain and the whole chain is awaited end to end.
 *
 * Two mistakes are caught rather than left to corrupt a run: calling `next()` twice throws
 * `SB_ERR_MIDDLEWARE_NEXT_TWICE`, and a middleware that returns while the rest of the chain
 * it started is still running (a missing `await next()`) throws `SB_ERR_MIDDLEWARE_NOT_AWAITED`,
 * because its errors and timing would otherwise escape the chain.
 *
 * @example
 * const run = compose([logTiming, onlyGroups, router]);
 * await run(ctx);
 */
export function compose<C>(
  middleware: readonly Middleware<C>[],
): (ctx: C, next?: Next) => Promise<void> {
  const chain: MiddlewareFn<C>[] = middleware.map(toMiddlewareFn);
  return (ctx, last) => {
    const dispatch = async (index: number): Promise<void> => {
      const fn = index === chain.length ? last : chain[index];
      if (!fn) return;
      let called = false;
      let downstream: Promise<void> | undefined;
      let settled = false;
      const next: Next = () => {
        if (called) {
          throw new SwitchboardError("SB_ERR_MIDDLEWARE_NEXT_TWICE", undefined, {
            context: { index },
          });
        }
        called = true;
        downstream = dispatch(index + 1).finally(() => {
          settled = true;
        });
        return downstream;
      };
      await fn(ctx, next);
      if (downstream && !settled) {
        // Let already-resolved work settle before judging: `return next()` without await is fine.
        await Promise.resolve();
        await Promise.resolve();
        if (!settled) {
          downstream.catch(() => undefined);
          throw new SwitchboardError(
            "SB_ERR_MIDDLEWARE_NOT_AWAITED",
            `middleware #${index} returned before the rest of the chain finished: await next()`,
            { context: { index } },
          );
        }
      }
    };
    return dispatch(0);
  };
}
