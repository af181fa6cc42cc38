import type { RateRule } from "../../src/config/rate-rule.js";

/** A value, or a promise of it: process memory answers at once, a store or Redis later. */
export type MaybePromise<T> = T | Promise<T>;

/** A limit as the windows see it: its rule, and a name that sets it apart in shared keys. */
export interface NamedRule {
  name: string;
  rule: RateRule;
}

/** One limit's windows: its counter, and its allowance of one answer per window. */
export interface BucketWindows {
  /** Takes a point for `key`: `undefined` when granted, else the ms before the window ends. */
  take(key: string): MaybePromise<number | undefined>;
  /** Takes the one answer `key` may get, for `durationMs`; false when already given. */
  takeAnswer(key: string, durationMs: number): MaybePromise<boolean>;
}

/**
 * Where `rateLimit` keeps its fixed windows: in process memory, or in a store or Redis shared
 * by replicas. Both count alike; only where the counts live differs.
 */
export interface RateWindows {
  /**
   * Records that a message was counted; false when it already was. A message replayed after
   * a crash, or taken over from a dead replica, must not be counted twice.
   */
  firstSighting(messageId: string): MaybePromise<boolean>;
  /** The windows of each limit, in the order of the rules they were made from. */
  buckets: BucketWindows[];
}

/**
 * How long a message is remembered as counted: as long as the longest window it counted in.
 */
export function seenForMs(limits: readonly NamedRule[]): number {
  return Math.max(1, ...limits.map((limit) => limit.rule.durationMs));
}
