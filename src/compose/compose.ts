import { SwitchboardError } from "../errors/switchboard-error.js";
import { type Middleware, type MiddlewareFn, type Next, toMiddlewareFn } from "./middleware.js";

/** Handed back for middleware that finished synchronously: one shared promise, no allocation. */
const DONE: Promise<void> = Promise.resolve();

/**
 * Composes middleware once into one function, koa-style: each runs around the rest of the
 * chain and the whole chain is awaited end to end.
 *
 * Two mistakes are caught rather than left to corrupt a run:
 * - calling `next()` twice throws `SB_ERR_MIDDLEWARE_NEXT_TWICE`, always (one comparison);
 * - a middleware that returns while the rest of the chain it started is still running (a
 *   missing `await next()`) throws `SB_ERR_MIDDLEWARE_NOT_AWAITED`, because its errors and timing
 *   would otherwise escape the chain. This check watches every level settle, which costs a
 *   promise per level, so it runs only outside production: `NODE_ENV=production` (read when
 *   `compose` is called) turns it off, as Hono and React keep their development checks.
 *
 * @example
 * const run = compose([logTiming, onlyGroups, router]);
 * await run(ctx);
 */
export function compose<C>(
  middleware: readonly Middleware<C>[],
): (ctx: C, next?: Next) => Promise<void> {
  const chain: MiddlewareFn<C>[] = middleware.map(toMiddlewareFn);
  return chainOf(chain, process.env.NODE_ENV !== "production");
}

/**
 * Koa's dispatch, with a shared promise for synchronous middleware instead of a new one; with
 * `watchAwait`, it also counts the levels still running: when one finishes, every level it
 * started must have finished first, or it did not await them. `dispatch` is a hoisted function
 * declaration on purpose: as a `const` arrow, V8 ran this chain five times slower.
 */
function chainOf<C>(
  chain: readonly MiddlewareFn<C>[],
  watchAwait: boolean,
): (ctx: C, last?: Next) => Promise<void> {
  return (ctx, last) => {
    let entered = -1;
    let open = 0;
    return dispatch(0);

    function dispatch(index: number): Promise<void> {
      if (index <= entered) throw nextTwice(index - 1);
      entered = index;
      const fn = index === chain.length ? last : chain[index];
      if (fn === undefined) return DONE;
      if (watchAwait) return watched(fn, index);
      try {
        return fn(ctx, () => dispatch(index + 1)) ?? DONE;
      } catch (error) {
        return Promise.reject(error);
      }
    }

    function watched(fn: MiddlewareFn<C>, index: number): Promise<void> {
      open += 1;
      let downstream: Promise<void> | undefined;
      const settled = (): Promise<void> => {
        open -= 1;
        if (open <= index) return DONE;
        return notAwaited(index, () => open > index, downstream);
      };
      let result: Promise<void> | void;
      try {
        result = fn(ctx, () => {
          downstream = dispatch(index + 1);
          return downstream;
        });
      } catch (error) {
        open -= 1;
        return Promise.reject(error);
      }
      if (result === undefined) return settled();
      return result.then(settled, (error: unknown) => {
        open -= 1;
        throw error;
      });
    }
  };
}

function nextTwice(index: number): SwitchboardError {
  return new SwitchboardError("SB_ERR_MIDDLEWARE_NEXT_TWICE", undefined, { context: { index } });
}

/**
 * The rest of the chain was still running when middleware `index` finished. Already-resolved
 * work gets two ticks to settle before the verdict: `next(); return;` over a synchronous tail is
 * harmless.
 */
async function notAwaited(
  index: number,
  stillRunning: () => boolean,
  downstream: Promise<void> | undefined,
): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  if (!stillRunning()) return;
  // Nobody awaits the orphaned rest of the chain: its failure must not crash the process.
  downstream?.catch(() => undefined);
  throw new SwitchboardError(
    "SB_ERR_MIDDLEWARE_NOT_AWAITED",
    `middleware #${index} returned before the rest of the chain finished: await next()`,
    { context: { index } },
  );
}
