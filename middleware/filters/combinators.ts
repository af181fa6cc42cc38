import type { Context } from "../../src/runtime/context.js";
import type { AsyncFilter, Guard, Narrowed, Predicate } from "./filter.js";

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** A guard when every part answers synchronously, an async filter otherwise. */
type Combined<Fs extends readonly Predicate[], N extends Context> = Fs[number] extends (
  ctx: Context,
) => boolean
  ? Guard<N>
  : AsyncFilter<N>;

/**
 * Passes when every filter passes, checked in order and stopping at the first that fails, so
 * a cheap synchronous check placed first spares an expensive lookup. Narrows to all of their
 * types at once.
 *
 * @example
 * only(and(groupOnly, contentType("text"), senderIsAdmin)); // ctx: group, text, from an admin
 */
export function and<const Fs extends readonly Predicate[]>(
  ...filters: Fs
): Combined<Fs, UnionToIntersection<Narrowed<Fs[number]>> & Context> {
  return ((ctx: Context) => settle(filters, ctx, false)) as never;
}

/**
 * Passes when any filter passes, checked in order and stopping at the first that passes.
 * Narrows to the union of their types.
 *
 * @example
 * only(or(dmOnly, mentionsAgent({ names: ["pollbot"] })));
 */
export function or<const Fs extends readonly Predicate[]>(
  ...filters: Fs
): Combined<Fs, Narrowed<Fs[number]>> {
  return ((ctx: Context) => settle(filters, ctx, true)) as never;
}

/**
 * Passes when `predicate` fails. It narrows nothing: `Context` is one class, not a union,
 * so there is no type to subtract from.
 *
 * @example
 * only(not(startsWithCommand())); // plain chat only
 */
export function not<F extends Predicate>(
  predicate: F,
): F extends (ctx: Context) => boolean ? (ctx: Context) => boolean : AsyncFilter<Context> {
  return ((ctx: Context) => {
    const result = predicate(ctx);
    return typeof result === "boolean" ? !result : result.then((passed) => !passed);
  }) as never;
}

/**
 * Checks filters in order until one answers `decisive` (false for `and`, true for `or`) and
 * answers that, or the opposite when none does. It stays synchronous until some filter answers
 * with a promise, so combined guards remain usable in plain `if`s.
 */
function settle(
  filters: readonly Predicate[],
  ctx: Context,
  decisive: boolean,
  from = 0,
): boolean | Promise<boolean> {
  for (let index = from; index < filters.length; index++) {
    const result = filters[index]!(ctx);
    if (typeof result !== "boolean") {
      return result.then((answer) =>
        answer === decisive ? decisive : settle(filters, ctx, decisive, index + 1),
      );
    }
    if (result === decisive) return decisive;
  }
  return !decisive;
}
