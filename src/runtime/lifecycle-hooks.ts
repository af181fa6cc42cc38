/**
 * Named lifecycle hooks, Fastify-style: `onStart` (before the streams open: skills arm their
 * timers), `onReady` (streams up and caught up: PM2's ready
 * signal plugs in here), `preClose` (before draining: stop taking work, e.g. timers),
 * `onClose` (after draining: release resources).
 */
export type HookName = "onStart" | "onReady" | "preClose" | "onClose";
export type Hook = () => Promise<void> | void;

export class LifecycleHooks {
  readonly #hooks: Record<HookName, Hook[]> = {
    onStart: [],
    onReady: [],
    preClose: [],
    onClose: [],
  };

  add(name: HookName, hook: Hook): void {
    this.#hooks[name].push(hook);
  }

  /** Runs a hook list in order; a failing hook is reported and the rest still run. */
  async run(name: HookName, onError: (error: unknown, name: HookName) => void): Promise<void> {
    for (const hook of this.#hooks[name]) {
      try {
        await hook();
      } catch (error) {
        onError(error, name);
      }
    }
  }
}
