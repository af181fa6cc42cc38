import type { Logger } from "pino";
import { SwitchboardError } from "../../index.js";
import type { Poll, PollRef } from "./poll.js";

/**
 * Node's timers overflow past 2^31-1 ms (about 24.8 days) and fire at once; the skill's
 * configuration keeps poll durations under this.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * One timer per timed poll, calling `onDue` when it should close. Polls already due fire on
 * the next tick, which is how polls that expired while the agent was down get closed at start.
 * {@link stop} cancels what is pending and waits for closes already running, so a stopping
 * agent does not lose a results message half-sent.
 *
 * @example
 * const timers = new PollTimers((ref) => closeAndAnnounce(ref), log);
 * timers.arm(poll);
 * await timers.stop();
 */
export class PollTimers {
  readonly #onDue: (ref: PollRef) => Promise<void>;
  readonly #log: Logger;
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();

  constructor(onDue: (ref: PollRef) => Promise<void>, log: Logger) {
    this.#onDue = onDue;
    this.#log = log;
  }

  /** Schedules the poll's close at its `closesAt`, replacing any timer it had. */
  arm(poll: Pick<Poll, "conversationId" | "number" | "closesAt">, now = Date.now()): void {
    if (poll.closesAt === undefined) return;
    const ref = { conversationId: poll.conversationId, number: poll.number };
    const key = timerKey(ref);
    this.disarm(ref);
    const delay = Math.min(Math.max(poll.closesAt - now, 0), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      const run = this.#fire(ref).finally(() => this.#running.delete(run));
      this.#running.add(run);
    }, delay);
    // An armed poll must not keep a finished process (or test run) alive.
    timer.unref();
    this.#pending.set(key, timer);
  }

  /** Drops the poll's timer: it was closed by hand. */
  disarm(ref: PollRef): void {
    const key = timerKey(ref);
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
  }

  async stop(): Promise<void> {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    await Promise.allSettled(this.#running);
  }

  /** Runs outside any event's error boundary, so failures are reported here, never thrown. */
  async #fire(ref: PollRef): Promise<void> {
    try {
      await this.#onDue(ref);
    } catch (cause) {
      const error = new SwitchboardError(
        "SB_ERR_SKILL_FAILED",
        `closing poll #${ref.number} on expiry failed: ${(cause as Error)?.message}`,
        { cause, context: ref },
      );
      this.#log.error({ err: error, code: error.code, ...ref }, error.message);
    }
  }
}

const timerKey = (ref: PollRef) => `${ref.conversationId}:${ref.number}`;
