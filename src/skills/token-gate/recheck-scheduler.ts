import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { SwitchboardError } from "../../index.js";
import type { GateStore } from "./gate-store.js";

/** Node's timers overflow past 2^31-1 ms and fire at once; longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;
/** After a recheck some group failed (chain down), grace deadlines are retried this much later. */
export const RETRY_AFTER_FAILURE_MS = 60_000;
/** How long one replica's claim on a recheck lasts, should it die in the middle of one. */
const LEASE_MS = 10 * 60_000;

/** Which groups a timed recheck covers: every gated group, or those whose grace ran out. */
export type RecheckScope = "all" | string[];

/** Options for {@link RecheckScheduler}. */
export interface RecheckSchedulerOptions {
  gates: GateStore;
  /** 0: no periodic recheck; grace deadlines are still kept. */
  intervalMs: number;
  graceMs: number;
  /** Rechecks `scope`; resolves `false` when some group could not be checked. */
  recheck(scope: RecheckScope): Promise<boolean>;
  log: Logger;
}

/**
 * When to recheck, from what the store says: every `intervalMs` after the last periodic
 * recheck (which survives restarts, so restarting often does not mean rechecking often), and
 * at each member's grace deadline, so removal comes on time whatever the interval. Runs are
 * serialized, `/gate recheck` ones included, and of several replicas only the one holding the
 * store's lease runs a timed recheck.
 *
 * @example
 * ```ts
 * const scheduler = new RecheckScheduler({ gates, intervalMs, graceMs, recheck, log });
 * await scheduler.start();
 * await scheduler.run(() => recheckOne(groupId)); // `/gate recheck`
 * await scheduler.stop();
 * ```
 */
export class RecheckScheduler {
  readonly #options: RecheckSchedulerOptions;
  readonly #owner = randomUUID();
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #retryAt = 0;
  #running = false;

  constructor(options: RecheckSchedulerOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#arm();
  }

  /** Runs `work` once no other recheck is running, then re-arms for the deadlines it left. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.then(
      () => this.#arm(),
      () => this.#arm(),
    );
    return result;
  }

  /** Cancels the timer and waits for a recheck in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#queue;
  }

  /** Never throws: it runs from timers and after runs, outside any event's error boundary. */
  async #arm(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.#running) return;
    try {
      const due = await this.#nextDue();
      if (due === undefined || !this.#running) return;
      const delay = Math.min(Math.max(due - Date.now(), 0), MAX_TIMER_MS);
      this.#timer = setTimeout(() => {
        this.run(() => this.#fire()).catch((error) =>
          this.#report(error, "token-gate recheck failed"),
        );
      }, delay);
      // A pending recheck must not keep a finished process (or test run) alive.
      this.#timer.unref();
    } catch (error) {
      this.#report(error, "scheduling the next token-gate recheck failed");
    }
  }

  async #nextDue(): Promise<number | undefined> {
    const { gates, intervalMs, graceMs } = this.#options;
    const candidates = (await gates.graces()).map(({ grace }) => grace.since + graceMs);
    if (intervalMs > 0) candidates.push(((await gates.lastRecheck()) ?? 0) + intervalMs);
    if (candidates.length === 0) return undefined;
    return Math.max(Math.min(...candidates), this.#retryAt);
  }

  async #fire(): Promise<void> {
    const { gates, intervalMs, graceMs, log } = this.#options;
    const now = Date.now();
    if (!(await gates.claimRecheck(this.#owner, LEASE_MS))) {
      log.debug("another replica is rechecking token gates");
      this.#retryAt = now + RETRY_AFTER_FAILURE_MS;
      return;
    }
    try {
      const periodic = intervalMs > 0 && ((await gates.lastRecheck()) ?? 0) + intervalMs <= now;
      const scope: RecheckScope = periodic
        ? "all"
        : [
            ...new Set(
              (await gates.graces())
                .filter(({ grace }) => grace.since + graceMs <= now)
                .map(({ groupId }) => groupId),
            ),
          ];
      const ok = await this.#options.recheck(scope);
      if (periodic) await gates.markRechecked(now);
      this.#retryAt = ok ? 0 : Date.now() + RETRY_AFTER_FAILURE_MS;
    } catch (error) {
      this.#retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
      this.#report(error, "token-gate recheck failed");
    } finally {
      await gates.releaseRecheck(this.#owner);
    }
  }

  #report(cause: unknown, what: string): void {
    const error = new SwitchboardError(
      "SB_ERR_SKILL_FAILED",
      `${what}: ${(cause as Error)?.message}`,
      {
        cause,
      },
    );
    this.#options.log.error({ err: error, code: error.code }, error.message);
  }
}
