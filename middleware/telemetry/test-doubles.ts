import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import type { Conversation, DecodedMessage } from "@xmtp/node-sdk";
import { type Logger, pino } from "pino";
import { Context, type ContextInit, type RuntimeServices } from "../../src/runtime/context.js";
import type { EventName } from "../../src/runtime/events.js";
import { type Hook, type HookName, LifecycleHooks } from "../../src/runtime/lifecycle-hooks.js";
import type { RuntimeEvents } from "../../src/runtime/runtime.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { ObservedRuntime } from "./index.js";
import type { RuntimeStatus } from "./metrics.js";

/**
 * A runtime stand-in for unit tests: the real event map and hook list, a status to set by hand,
 * and `stop()` running the `onClose` hooks as the real one does after draining.
 *
 * @example
 * const runtime = new FakeRuntime({ caughtUp: false });
 * await telemetry.attach(runtime);
 * runtime.emit("disconnected", new Error("gone"));
 */
export class FakeRuntime extends EventEmitter<RuntimeEvents> implements ObservedRuntime {
  status: RuntimeStatus;
  readonly #hooks = new LifecycleHooks();

  constructor(status: Partial<RuntimeStatus> = {}) {
    super();
    this.status = {
      state: "running",
      connected: true,
      caughtUp: true,
      inFlight: 0,
      queued: 0,
      reconnects: 0,
      ...status,
    };
  }

  addHook(name: HookName, hook: Hook): this {
    this.#hooks.add(name, hook);
    return this;
  }

  async stop(): Promise<void> {
    await this.#hooks.run("onClose", (error) => {
      throw error;
    });
    this.status = { ...this.status, state: "stopped" };
  }
}

/** A logger whose JSON lines land in `lines`, parsed, at every level. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "trace" }, destination), lines };
}

/**
 * A real {@link Context} for one event over a bare conversation id: enough for what telemetry
 * reads (event, ids, source, outcome, the bound child logger), nothing to send with.
 */
export function eventContext(
  options: { event?: EventName; logger?: Logger; conversationId?: string; messageId?: string } = {},
): Context {
  const event = options.event ?? "text";
  const init = {
    event,
    conversation: { id: options.conversationId ?? "conversation-1" } as Conversation,
    message:
      event === "conversation"
        ? undefined
        : ({ id: options.messageId ?? "message-1", content: "hello" } as DecodedMessage),
    source: "stream",
    services: {
      logger: options.logger ?? pino({ level: "silent" }),
      agentName: "unit",
      store: createMemoryStore(),
    } as Partial<RuntimeServices> as RuntimeServices,
  } as ContextInit<EventName>;
  return new Context(init);
}
