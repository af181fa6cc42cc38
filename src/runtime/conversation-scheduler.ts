type Task = () => Promise<void>;

interface Lane {
  tasks: Task[];
  /** True while the lane holds a slot or waits for one. */
  scheduled: boolean;
}

/**
 * Runs tasks so that one conversation's events are handled strictly in order while different
 * conversations run concurrently, up to `concurrency` at once. A lane gives its slot back after
 * each task, so one busy conversation cannot starve the others.
 *
 * @example
 * const scheduler = new ConversationScheduler({ concurrency: 16 });
 * scheduler.enqueue(conversationId, () => handle(message));
 */
export class ConversationScheduler {
  readonly #concurrency: number;
  readonly #lanes = new Map<string, Lane>();
  readonly #waiting: string[] = [];
  readonly #idleWaiters = new Set<() => void>();
  #running = 0;
  #queued = 0;

  constructor({ concurrency }: { concurrency: number }) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
    this.#concurrency = concurrency;
  }

  /** Tasks currently running. */
  get inFlight(): number {
    return this.#running;
  }

  /** Tasks accepted and not yet started. */
  get queued(): number {
    return this.#queued;
  }

  /** Whether a conversation has a task running or queued. */
  busy(conversationId: string): boolean {
    return this.#lanes.has(conversationId);
  }

  /** Adds a task to its conversation's lane; resolves (never rejects) once it has run. */
  enqueue(conversationId: string, task: Task): Promise<void> {
    return new Promise((resolve) => {
      let lane = this.#lanes.get(conversationId);
      if (!lane) {
        lane = { tasks: [], scheduled: false };
        this.#lanes.set(conversationId, lane);
      }
      // A task's own errors are the caller's to handle; the scheduler must keep going.
      lane.tasks.push(() =>
        task()
          .catch(() => undefined)
          .finally(resolve),
      );
      this.#queued += 1;
      if (!lane.scheduled) {
        lane.scheduled = true;
        this.#waiting.push(conversationId);
        this.#pump();
      }
    });
  }

  /** Resolves when nothing is running or queued, or with false once `timeoutMs` passes. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#running === 0 && this.#queued === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.#idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#idleWaiters.add(onIdle);
    });
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      const conversationId = this.#waiting.shift()!;
      const lane = this.#lanes.get(conversationId)!;
      const task = lane.tasks.shift()!;
      this.#queued -= 1;
      this.#running += 1;
      void task().finally(() => {
        this.#running -= 1;
        if (lane.tasks.length > 0) this.#waiting.push(conversationId);
        else {
          lane.scheduled = false;
          this.#lanes.delete(conversationId);
        }
        this.#pump();
        if (this.#running === 0 && this.#queued === 0)
          for (const waiter of [...this.#idleWaiters]) waiter();
      });
    }
  }
}
