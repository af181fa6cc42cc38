import { EventEmitter } from "node:events";
import { z } from "zod";
import type { SwitchboardConfig } from "../../src/config/config-schema.js";
import { parseOptions } from "../../src/config/parse-options.js";
import type { RateRule } from "../../src/config/rate-rule.js";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import { type BackoffOptions, backoffDelay } from "../../src/runtime/backoff.js";
import type {
  OutboundGate,
  OutboundKind,
  OutboundOperation,
} from "../../src/runtime/outbound-gate.js";
import type { Store } from "../../src/store/store.js";
import { RollingWindow } from "./rolling-window.js";
import { sharedWriteBudget, type WriteBudget } from "./write-budget.js";
import { isRetryableWriteError } from "./write-errors.js";

/** What an {@link OutboundPacer} reports, for telemetry. */
export interface OutboundPacerEvents {
  sent: [event: { kind: OutboundKind; attempts: number; waitedMs: number }];
  retried: [event: { kind: OutboundKind; attempt: number; error: unknown }];
  failed: [event: { kind: OutboundKind; error: unknown }];
}

/** An {@link OutboundGate} that paces and retries writes, and says how it went. */
export interface OutboundPacer extends OutboundGate {
  /** Writes waiting for their turn (not counting those in flight). */
  readonly queueDepth: number;
  on(
    event: "sent",
    listener: (e: { kind: OutboundKind; attempts: number; waitedMs: number }) => void,
  ): this;
  on(
    event: "retried",
    listener: (e: { kind: OutboundKind; attempt: number; error: unknown }) => void,
  ): this;
  on(event: "failed", listener: (e: { kind: OutboundKind; error: unknown }) => void): this;
}

/** Options for {@link outboundPacing}. */
export interface OutboundPacingOptions {
  /** Writes per rolling window. Default XMTP's limit: 3,000 per 5 minutes. */
  budget?: RateRule;
  /**
   * Share of the budget left unused, for writes that bypass the gate (libxmtp's own commits,
   * key package uploads, other installations of the same inbox). Default 0.1.
   */
  headroom?: number;
  /** Attempts per write before giving up on rate-limit and network errors. Default 5. */
  maxAttempts?: number;
  /** Waits between attempts: exponential with jitter. Default 500 ms doubling to 30 s. */
  backoff?: BackoffOptions;
  /**
   * Writes in flight at once; they start in FIFO order. Default 64, as many as conversations
   * handled at once (`SWITCHBOARD_CONCURRENCY`): fewer made a burst of replies queue behind
   * each other while XMTP limits only their rate, which the budget keeps.
   */
  concurrency?: number;
  /**
   * Which errors are worth another attempt. Default: rate limits and unreachable nodes, and
   * timeouts for writes that are `idempotent` (see {@link isRetryableWriteError}).
   */
  isRetryable?: (error: unknown, operation: OutboundOperation) => boolean;
  /**
   * Share the budget with every process writing as the same identity (replicas): a store they
   * all use, e.g. the agent's Redis store. XMTP counts writes per client, not per process.
   */
  sharedStore?: Store;
}

const optionsSchema = z.object({
  budget: z
    .object({ points: z.int().min(1), durationMs: z.int().min(1) })
    .default({ points: 3_000, durationMs: 300_000 }),
  headroom: z.number().min(0).max(0.9).default(0.1),
  maxAttempts: z.int().min(1).max(20).default(5),
  backoff: z
    .object({ initialMs: z.number().min(0), maxMs: z.number().min(0) })
    .default({ initialMs: 500, maxMs: 30_000 }),
  concurrency: z.int().min(1).max(256).default(64),
  isRetryable: z
    .custom<(error: unknown, operation: OutboundOperation) => boolean>(
      (value) => typeof value === "function",
    )
    .default(() => isRetryableWriteError),
  sharedStore: z
    .custom<Store>(
      (value) => typeof (value as Store | undefined)?.update === "function",
      "must be a Store",
    )
    .optional(),
});

type PacingConfig = z.output<typeof optionsSchema>;

interface Job {
  operation: OutboundOperation;
  write: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Arrival order, which retried writes keep. */
  seq: number;
  enqueuedAt: number;
  attempts: number;
}

/**
 * The pacing queue behind {@link outboundPacing}: writes start in FIFO order, no more than the
 * budget (less headroom) per rolling window and `concurrency` at a time. A write that fails
 * with a retryable error goes back to the head of the queue, and the whole queue pauses for an
 * exponential, jittered backoff, because a rate limit or an outage applies to every write of
 * the client, not just the one that hit it. Every attempt counts against the budget.
 *
 * Permanent errors reject at once with the write's own error; a write still failing after
 * `maxAttempts` rejects with `SB_ERR_OUTBOUND_FAILED`, its last error as the cause.
 */
class OutboundQueue extends EventEmitter<OutboundPacerEvents> implements OutboundPacer {
  readonly #config: PacingConfig;
  readonly #window: RollingWindow;
  readonly #shared: WriteBudget | undefined;
  readonly #queue: Job[] = [];
  #inFlight = 0;
  #pausedUntil = 0;
  #arrivals = 0;
  #wakeUp: NodeJS.Timeout | undefined;

  constructor(config: PacingConfig) {
    super();
    this.#config = config;
    const { points, durationMs } = config.budget;
    const limit = Math.max(1, Math.floor(points * (1 - config.headroom)));
    this.#window = new RollingWindow(limit, durationMs);
    this.#shared = config.sharedStore && sharedWriteBudget(config.sharedStore, limit, durationMs);
  }

  get queueDepth(): number {
    return this.#queue.length;
  }

  run<T>(operation: OutboundOperation, write: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        operation,
        write,
        resolve: resolve as (value: unknown) => void,
        reject,
        seq: this.#arrivals++,
        enqueuedAt: Date.now(),
        attempts: 0,
      });
      this.#pump();
    });
  }

  /** Starts every write that may start now, or sets one timer for when the next may. */
  #pump(): void {
    if (this.#wakeUp) return;
    while (this.#queue.length > 0 && this.#inFlight < this.#config.concurrency) {
      const now = Date.now();
      const waitMs = Math.max(this.#pausedUntil - now, this.#window.waitMs(now));
      if (waitMs > 0) {
        this.#wakeUp = setTimeout(() => {
          this.#wakeUp = undefined;
          this.#pump();
        }, waitMs);
        return;
      }
      const job = this.#queue.shift()!;
      this.#window.record(now);
      void this.#attempt(job, now);
    }
  }

  async #attempt(job: Job, startedAt: number): Promise<void> {
    const { kind } = job.operation;
    this.#inFlight++;
    job.attempts++;
    try {
      await this.#sharedSlot();
      const value = await job.write();
      this.#inFlight--;
      this.#emitSafely("sent", {
        kind,
        attempts: job.attempts,
        waitedMs: startedAt - job.enqueuedAt,
      });
      job.resolve(value);
    } catch (error) {
      this.#inFlight--;
      this.#settleFailure(job, error);
    }
    this.#pump();
  }

  /**
   * Waits for a slot in the budget shared with other processes. The local window already holds
   * this process to the budget, so if the shared store is unreachable the write goes ahead:
   * a Redis outage must not silence the agent.
   */
  async #sharedSlot(): Promise<void> {
    if (!this.#shared) return;
    for (;;) {
      let waitMs: number;
      try {
        waitMs = await this.#shared.reserve(Date.now());
      } catch (error) {
        process.emitWarning(
          `shared outbound budget unavailable, pacing locally: ${(error as Error)?.message}`,
        );
        return;
      }
      if (waitMs === 0) return;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  #settleFailure(job: Job, error: unknown): void {
    const { kind, conversationId } = job.operation;
    const retryable = this.#config.isRetryable(error, job.operation);
    if (retryable && job.attempts < this.#config.maxAttempts) {
      this.#emitSafely("retried", { kind, attempt: job.attempts, error });
      const delay = backoffDelay(job.attempts - 1, this.#config.backoff);
      this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + delay);
      // Back to its place in arrival order: later writes must not overtake it.
      const later = this.#queue.findIndex((queued) => queued.seq > job.seq);
      this.#queue.splice(later === -1 ? this.#queue.length : later, 0, job);
      return;
    }
    this.#emitSafely("failed", { kind, error });
    job.reject(
      retryable
        ? new SwitchboardError(
            "SB_ERR_OUTBOUND_FAILED",
            `${kind} write failed after ${job.attempts} attempts: ${(error as Error)?.message ?? error}`,
            { cause: error, context: { kind, conversationId, attempts: job.attempts } },
          )
        : error,
    );
  }

  /** Telemetry must not break sending: a throwing listener becomes a process warning. */
  #emitSafely<K extends keyof OutboundPacerEvents>(
    event: K,
    ...args: OutboundPacerEvents[K]
  ): void {
    try {
      this.emit(event, ...(args as never));
    } catch (error) {
      process.emitWarning(
        `an outbound pacing "${event}" listener threw: ${(error as Error)?.message ?? error}`,
      );
    }
  }
}

/**
 * Paces the agent's own writes (replies, reactions, membership and metadata changes) under
 * XMTP's budget of 3,000 writes per client per rolling 5 minutes, and retries those refused
 * with HTTP 429 or lost to an unreachable node, with exponential backoff and jitter. Writes
 * over budget wait their turn instead of failing: late, but complete and in order.
 *
 * @example
 * const outbound = outboundPacing({ headroom: 0.2 });
 * outbound.on("retried", ({ kind, attempt }) => metrics.retries.inc({ kind, attempt }));
 * const agent = await createAgent({ name: "pollbot", skills: [polls()], outbound });
 */
export function outboundPacing(options: OutboundPacingOptions = {}): OutboundPacer {
  return new OutboundQueue(parseOptions(optionsSchema, options, "outboundPacing"));
}

/**
 * The pacing set by `SWITCHBOARD_OUTBOUND_BUDGET`, `_HEADROOM` and `_MAX_ATTEMPTS`; unset ones
 * keep {@link outboundPacing}'s defaults.
 *
 * @example
 * const outbound = outboundPacing(outboundPacingOptionsFromConfig(loadConfig()));
 */
export function outboundPacingOptionsFromConfig(config: SwitchboardConfig): OutboundPacingOptions {
  return {
    budget: config.SWITCHBOARD_OUTBOUND_BUDGET,
    headroom: config.SWITCHBOARD_OUTBOUND_HEADROOM,
    maxAttempts: config.SWITCHBOARD_OUTBOUND_MAX_ATTEMPTS,
  };
}

export { classifyWriteError, isRetryableWriteError, type WriteFailure } from "./write-errors.js";
