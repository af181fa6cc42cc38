import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateRule } from "../../src/config/rate-rule.js";
import type { Store } from "../../src/store/store.js";
import { type NamedRule, type RateWindows, seenForMs } from "./rate-windows.js";
import { StoreRateLimiter } from "./store-rate-limiter.js";

/**
 * A connected node-redis client (v4 or later), e.g. `await createClient({ url }).connect()`;
 * only what `RateLimiterRedis` calls is required.
 */
export interface RedisClient {
  eval(...args: never[]): unknown;
  multi(): unknown;
}

/** Where {@link limiterWindows} counts: under `keyPrefix`, in Redis if given, else the store. */
export interface LimiterWindowsOptions {
  keyPrefix: string;
  redis?: RedisClient | undefined;
}

/** Something rate-limiter-flexible can count with: its own Redis limiter, or ours over a store. */
type Limiter = StoreRateLimiter | RateLimiterRedis;

/**
 * Windows shared by every process on the same store or Redis, counted by rate-limiter-flexible:
 * one atomic update per point (one Lua call with Redis). Messages already counted are
 * remembered in `store` either way.
 *
 * @example
 * const limits = [{ name: "sender", rule: { points: 20, durationMs: 60_000 } }];
 * const windows = limiterWindows(limits, ctx.store, { keyPrefix: "rate-limit" });
 * await windows.buckets[0]!.take(ctx.conversation.id); // undefined: granted
 */
export function limiterWindows(
  limits: readonly NamedRule[],
  store: Store,
  { keyPrefix, redis }: LimiterWindowsOptions,
): RateWindows {
  const limiterFor = (name: string, rule: RateRule): Limiter => {
    const common = {
      points: rule.points,
      duration: rule.durationMs / 1000,
      keyPrefix: `${keyPrefix}:${name}`,
    };
    return redis
      ? new RateLimiterRedis({ ...common, storeClient: redis, useRedisPackage: true })
      : new StoreRateLimiter({ ...common, store });
  };
  const seenTtlMs = seenForMs(limits);
  return {
    firstSighting: (messageId) =>
      store.setIfAbsent(`${keyPrefix}:seen:${messageId}`, 1, { ttlMs: seenTtlMs }),
    buckets: limits.map(({ name, rule }) => {
      const counts = limiterFor(name, rule);
      const answers = limiterFor(`answered:${name}`, { ...rule, points: 1 });
      return {
        take: async (key) => (await consume(counts, key))?.msBeforeNext,
        takeAnswer: async (key, durationMs) =>
          !(await consume(answers, key, { customDuration: durationMs / 1000 })),
      };
    }),
  };
}

/** Takes a point; resolves to the refusal when the limit is used up, `undefined` otherwise. */
async function consume(
  limiter: Limiter,
  key: string,
  options?: { customDuration: number },
): Promise<RateLimiterRes | undefined> {
  try {
    await limiter.consume(key, 1, options);
    return undefined;
  } catch (refusal) {
    // The library rejects with a RateLimiterRes when over the limit, with an Error on failure.
    if (refusal instanceof RateLimiterRes) return refusal;
    throw refusal;
  }
}
