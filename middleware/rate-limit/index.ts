import { z } from "zod";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import type { SwitchboardConfig } from "../../src/config/config-schema.js";
import { parseOptions } from "../../src/config/parse-options.js";
import type { RateRule } from "../../src/config/rate-rule.js";
import type { Context } from "../../src/runtime/context.js";
import type { Store } from "../../src/store/store.js";
import { isAddressedToAgent } from "./addressed.js";
import type { RedisClient } from "./limiter-windows.js";
import { memoryWindows } from "./memory-windows.js";
import type { MaybePromise, RateWindows } from "./rate-windows.js";

export type { RedisClient } from "./limiter-windows.js";

/** Options for {@link rateLimit}. Each limit is points per duration, or `false` for none. */
export interface RateLimitOptions {
  /** Messages one sender may send, across conversations. Default 20 per minute. */
  perSender?: RateRule | false;
  /** Messages one conversation may carry, from everyone in it. Default 60 per minute. */
  perConversation?: RateRule | false;
  /**
   * Messages the agent handles in all. Default 500 per minute, which keeps one reply per message
   * under XMTP's 3,000 writes per 5 minutes.
   */
  global?: RateRule | false;
  /**
   * Where counters live. Default: the agent's own store (`ctx.store`), so they survive
   * restarts and replicas on a shared store share them. `"memory"` keeps them in this process
   * only, the choice for an agent that runs as one process: a message is counted synchronously
   * with no store write, and a restart starts the windows afresh.
   */
  store?: Store | "memory";
  /**
   * Keep counters in this Redis instead, through rate-limiter-flexible's `RateLimiterRedis`: one
   * Lua call per message. Prefer it to a Redis *store* when replicas share limits: the store's
   * compare-and-set retries under contention, and the global counter is one hot key (measured
   * with 50 concurrent consumers of one key: ~200-300 consumes/s through the store, ~11,000/s
   * with `RateLimiterRedis`). Durations must then be whole seconds.
   */
  redis?: RedisClient;
  /** Prepended to counter keys in a store or Redis. Default "rate-limit". */
  keyPrefix?: string;
  /** The one answer per window to a sender over the limit who asks the agent something. */
  message?: (retryInSeconds: number) => string;
  /**
   * Which events count. Default: messages addressed to the agent ({@link isAddressedToAgent}:
   * DMs, commands, mentions, replies to the agent, button taps). Ordinary group chat does not
   * count: the agent only watches it, so a member chatting fast in a group is never refused
   * the command they then send.
   */
  applies?: (ctx: Context) => boolean;
  /** The command prefix, to recognise commands as addressed to the agent. Default "/". */
  prefix?: string;
}

const DEFAULTS = {
  perSender: { points: 20, durationMs: 60_000 },
  perConversation: { points: 60, durationMs: 60_000 },
  global: { points: 500, durationMs: 60_000 },
} as const satisfies Record<string, RateRule>;

const isFunction = (value: unknown) => typeof value === "function";
const rule = z.union([
  z.literal(false),
  z.object({ points: z.int().min(1), durationMs: z.int().min(1) }),
]);
const optionsSchema = z
  .object({
    perSender: rule.default(DEFAULTS.perSender),
    perConversation: rule.default(DEFAULTS.perConversation),
    global: rule.default(DEFAULTS.global),
    store: z
      .union([
        z.literal("memory"),
        z.custom<Store>((value) => isFunction((value as Store)?.update)),
      ])
      .optional(),
    redis: z.custom<RedisClient>((value) => isFunction((value as RedisClient)?.eval)).optional(),
    keyPrefix: z.string().min(1).default("rate-limit"),
    message: z
      .custom<(retryInSeconds: number) => string>(isFunction)
      .default(() => (seconds: number) => `Slow down — try again in ${seconds} s.`),
    applies: z.custom<(ctx: Context) => boolean>(isFunction).optional(),
    prefix: z.string().min(1).default("/"),
  })
  .refine((options) => !(options.store && options.redis), {
    message: "give either store or redis, not both",
  })
  .refine(
    (options) =>
      !options.redis ||
      [options.perSender, options.perConversation, options.global].every(
        (limit) => limit === false || limit.durationMs % 1000 === 0,
      ),
    { message: "with redis, durations must be whole seconds" },
  );

interface Bucket {
  name: "sender" | "conversation" | "global";
  rule: RateRule;
  keyOf: (ctx: Context) => string | undefined;
}

/**
 * Inbound rate limiting: per sender, per conversation and in all, each a fixed-window counter.
 * Throttling limits what the agent does *for* a sender, never what it sees: a message over any
 * limit is marked (`ctx.throttled = true`, `ctx.outcome = "limited"`) and still goes down the
 * chain, where only observer skills (moderation) handle it; commands, actions and other skills
 * are skipped. The first message addressed to the agent over the limit in a window gets one
 * answer ("Slow down — try again in 42 s."); then the agent stays silent until the window
 * resets, so a flood costs at most one reply, and ordinary group chat is never answered.
 * Counters live in the agent's store by default, hence survive restarts and are shared by
 * replicas on a shared store (rate-limiter-flexible counts there); `store: "memory"` keeps them
 * in this process instead, at the cost of a map lookup per limit.
 *
 * @example
 * const agent = await createAgent({
 *   name: "pollbot",
 *   skills: [polls()],
 *   middleware: [rateLimit({ perSender: { points: 5, durationMs: 10_000 }, global: false })],
 * });
 */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareFn<Context> {
  const config = parseOptions(optionsSchema, options, "rateLimit");
  const limits: Array<Omit<Bucket, "rule"> & { rule: RateRule | false }> = [
    { name: "sender", rule: config.perSender, keyOf: (ctx) => ctx.senderInboxId },
    { name: "conversation", rule: config.perConversation, keyOf: (ctx) => ctx.conversation.id },
    { name: "global", rule: config.global, keyOf: () => "all" },
  ];
  const buckets: Bucket[] = limits.flatMap(({ rule, ...bucket }) =>
    rule === false ? [] : [{ ...bucket, rule }],
  );

  // Windows over a store hold no state of their own, so one set per store will do. They are
  // rate-limiter-flexible's, loaded on first use: an agent on in-memory windows never needs it.
  const windowsByStore = new WeakMap<Store, RateWindows>();
  const windowsOver = async (store: Store): Promise<RateWindows> => {
    let windows = windowsByStore.get(store);
    if (!windows) {
      const { limiterWindows } = await import("./limiter-windows.js");
      windows = windowsByStore.get(store) ?? limiterWindows(buckets, store, config);
      windowsByStore.set(store, windows);
    }
    return windows;
  };
  const { store } = config;
  const windowsFor: (ctx: Context) => MaybePromise<RateWindows> =
    store === "memory"
      ? always(memoryWindows(buckets))
      : (ctx: Context) => windowsOver(store ?? ctx.store);

  const applies = config.applies ?? ((ctx: Context) => isAddressedToAgent(ctx, config.prefix));

  // In-memory windows answer synchronously: awaiting only what is a promise keeps their path,
  // taken for every message, free of promise allocations and microtask hops.
  return async function rateLimitMiddleware(ctx, next) {
    if (buckets.length === 0 || !applies(ctx)) return next();
    const found = windowsFor(ctx);
    const windows = found instanceof Promise ? await found : found;
    if (ctx.message) {
      const first = windows.firstSighting(ctx.message.id);
      if (!(first instanceof Promise ? await first : first)) return next();
    }
    for (let index = 0; index < buckets.length; index++) {
      const bucket = buckets[index]!;
      const key = bucket.keyOf(ctx);
      if (key === undefined) continue;
      const { take, takeAnswer } = windows.buckets[index]!;
      const taken = take(key);
      const msBeforeNext = taken instanceof Promise ? await taken : taken;
      if (msBeforeNext === undefined) continue;
      ctx.throttled = true;
      ctx.outcome = "limited";
      const retryInMs = Math.max(1, msBeforeNext);
      // Whole seconds, as Redis counters need; the answer's window ends with the count's.
      const retryInSeconds = Math.ceil(retryInMs / 1000);
      const answer =
        isAddressedToAgent(ctx, config.prefix) && (await takeAnswer(key, retryInSeconds * 1000));
      ctx.log[answer ? "warn" : "debug"](
        { code: "SB_ERR_RATE_LIMITED", limit: bucket.name, key, retryInMs },
        "rate limited",
      );
      if (answer) await ctx.reply(config.message(retryInSeconds));
      break;
    }
    await next();
  };
}

/** A function that always returns `value`, whatever it is called with. */
const always =
  <T>(value: T) =>
  (): T =>
    value;

/**
 * The limits set by `SWITCHBOARD_RATE_LIMIT_SENDER`, `_CONVERSATION` and `_GLOBAL`; unset ones
 * keep {@link rateLimit}'s defaults. Without `REDIS_URL` the agent is one process on its
 * embedded SQLite store, so the windows are kept in memory (`store: "memory"`): a limit needs
 * no disk write per message, and a window of a minute or so need not survive a restart. With
 * Redis they live in the shared store, for every replica.
 *
 * @example
 * const config = loadConfig();
 * const middleware = [rateLimit(rateLimitOptionsFromConfig(config))];
 */
export function rateLimitOptionsFromConfig(config: SwitchboardConfig): RateLimitOptions {
  return {
    perSender: config.SWITCHBOARD_RATE_LIMIT_SENDER,
    perConversation: config.SWITCHBOARD_RATE_LIMIT_CONVERSATION,
    global: config.SWITCHBOARD_RATE_LIMIT_GLOBAL,
    store: config.REDIS_URL ? undefined : "memory",
  };
}
