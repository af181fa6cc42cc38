import type { Client, CreateDmOptions, CreateGroupOptions, Dm, Group } from "@xmtp/node-sdk";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Telemetry } from "../../middleware/telemetry/index.js";
import type { Command } from "../commands/define-command.js";
import type { Middleware } from "../compose/middleware.js";
import type { SwitchboardConfig } from "../config/config-schema.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Context } from "../runtime/context.js";
import type { EventName } from "../runtime/events.js";
import type { GroupChangeName } from "../runtime/group-changes.js";
import type { Hook, HookName } from "../runtime/lifecycle-hooks.js";
import type { OutboundGate } from "../runtime/outbound-gate.js";
import type { RuntimeEvents, SwitchboardRuntime } from "../runtime/runtime.js";
import type {
  ActionHandler,
  EventHandler,
  GroupChangeHandler,
  SkillCommandHandler,
} from "../skill/composer.js";
import type { SkillBuilder } from "../skill/skill.js";
import type { Store } from "../store/store.js";
import { ethereumIdentifier } from "../xmtp/ethereum-identifier.js";

/** Lifecycle and observation events an agent emits (`agent.on("ready", ...)`). */
export type AgentEventName = keyof RuntimeEvents;

/** What {@link Agent} is built from; `createAgent` assembles it. */
export interface AgentParts {
  name: string;
  runtime: SwitchboardRuntime;
  /** The agent's own skill, where `agent.on`, `agent.command` and `agent.action` register. */
  own: SkillBuilder;
  outbound: OutboundGate;
  /** Checks the agent's commands once every handler is added (see `Dispatcher.seal`). */
  seal(): void;
  config: SwitchboardConfig;
  logger: Logger;
  store: Store;
  address: string;
  telemetry: Telemetry | undefined;
}

/**
 * A Switchboard agent, shaped like `@xmtp/agent-sdk`'s `Agent` for those who know it:
 * `on("text", ...)`, `use(...)`, `command`, `action`, `catch`, `start`, `stop`,
 * `createDmWithAddress`. Underneath, every event runs through one awaited chain (the agent's
 * middleware, then its skills), in order per conversation and exactly once across restarts,
 * and every write goes through the outbound gate.
 *
 * `agent.on` with a message event (`text`, `reaction`, `intent`...) adds a handler to the
 * agent's own skill, which runs after the skills given to `createAgent`; with a lifecycle
 * event (`start`, `ready`, `stop`, `error`...) it listens.
 *
 * @example
 * const agent = await createAgent({ name: "echo-bot" });
 * agent.on("text", (ctx) => ctx.reply(`you said ${ctx.content}`));
 * agent.catch((error) => error.ctx?.log.warn({ code: error.code }, "handled elsewhere"));
 * await agent.start();
 */
export class Agent {
  readonly name: string;
  readonly config: SwitchboardConfig;
  readonly logger: Logger;
  readonly store: Store;
  /** The agent's Ethereum address. */
  readonly address: string;
  /** The built-in telemetry (metrics registry, HTTP port), unless turned off. */
  readonly telemetry: Telemetry | undefined;
  /** The runtime underneath: streams, scheduling, claims, status for health checks. */
  readonly runtime: SwitchboardRuntime;
  readonly #own: SkillBuilder;
  readonly #outbound: OutboundGate;
  readonly #seal: () => void;

  constructor(parts: AgentParts) {
    this.name = parts.name;
    this.runtime = parts.runtime;
    this.#own = parts.own;
    this.#outbound = parts.outbound;
    this.#seal = parts.seal;
    this.config = parts.config;
    this.logger = parts.logger;
    this.store = parts.store;
    this.address = parts.address;
    this.telemetry = parts.telemetry;
  }

  /** The agent's XMTP client, for reads; write through contexts or the agent's methods. */
  get client(): Client {
    return this.runtime.client;
  }

  get inboxId(): string {
    return this.runtime.client.inboxId;
  }

  /** Middleware in front of every skill (after the built-ins); only before `start()`. */
  use(...middleware: Middleware<Context>[]): this {
    this.runtime.use(...middleware);
    return this;
  }

  /** Handles a message event or group change, or listens to a lifecycle event. */
  on<E extends EventName>(event: E, handler: EventHandler<E>): this;
  on<N extends GroupChangeName>(change: N, handler: GroupChangeHandler<N>): this;
  on<K extends AgentEventName>(event: K, listener: (...args: RuntimeEvents[K]) => void): this;
  on(name: string, handler: (...args: never[]) => unknown): this {
    if (isLifecycleEvent(name)) {
      this.runtime.on(name, handler as never);
    } else {
      this.#own.on(name as EventName, handler as EventHandler<EventName>);
    }
    return this;
  }

  /** Handles `/name args...` with zod-validated arguments; listed in `/help`. */
  command<C extends Command>(command: C, handler: SkillCommandHandler<C>): this {
    this.#own.command(command, handler);
    return this;
  }

  /** Handles taps on buttons sent with `ctx.sendActions({ handler: name })` from `agent.on` handlers. */
  action<M = undefined>(
    name: string,
    handler: ActionHandler<M>,
    options: { metadata?: z.ZodType<M> } = {},
  ): this {
    this.#own.action(name, handler, options);
    return this;
  }

  /**
   * The one global error handler, grammY's `bot.catch`: receives every error the agent reports
   * (a failed skill, middleware, hook) as a {@link SwitchboardError} carrying `ctx` when it
   * happened during an event. Errors are logged whether or not a handler is set; what the
   * handler itself throws is logged, never rethrown.
   */
  catch(handler: (error: SwitchboardError<ErrorCode, Context>) => unknown): this {
    this.runtime.on("error", (error) => {
      // Errors raised during an event carry the runtime's Context (see SwitchboardError.ctx).
      const withContext = error as SwitchboardError<ErrorCode, Context>;
      void (async () => handler(withContext))().catch((cause: unknown) =>
        this.logger.error(
          { err: new SwitchboardError("SB_ERR_CATCH_FAILED", undefined, { cause }) },
          "agent.catch handler threw",
        ),
      );
    });
    return this;
  }

  /** Adds a lifecycle hook: `onStart`, `onReady` (PM2 readiness), `preClose`, `onClose`. */
  addHook(name: HookName, hook: Hook): this {
    this.runtime.addHook(name, hook);
    return this;
  }

  /**
   * Starts streaming: resolves once the streams are up (catch-up runs right after). Throws
   * `SB_ERR_CONFIG_INVALID` first when two commands share a name.
   */
  async start(): Promise<void> {
    this.#seal();
    await this.runtime.start();
  }

  /** Stops taking new events, drains in-flight ones (up to the deadline), then closes. */
  stop(): Promise<void> {
    return this.runtime.stop();
  }

  /** Opens (or finds) the DM with an Ethereum address, through the outbound gate. */
  createDmWithAddress(address: string, options?: CreateDmOptions): Promise<Dm> {
    return this.#outbound.run({ kind: "conversation", conversationId: "" }, () =>
      this.client.conversations.createDmWithIdentifier(ethereumIdentifier(address), options),
    );
  }

  /** Creates a group with these Ethereum addresses, through the outbound gate. */
  createGroupWithAddresses(addresses: string[], options?: CreateGroupOptions): Promise<Group> {
    return this.#outbound.run({ kind: "conversation", conversationId: "" }, () =>
      this.client.conversations.createGroupWithIdentifiers(
        addresses.map(ethereumIdentifier),
        options,
      ),
    );
  }

  /** A context for a conversation, to send into it outside any event (from a timer, say). */
  contextFor(conversationId: string): Promise<Context<"conversation"> | undefined> {
    return this.runtime.contextFor(conversationId);
  }
}

const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set<AgentEventName>([
  "start",
  "ready",
  "stop",
  "error",
  "settled",
  "skill-settled",
  "disconnected",
  "caught-up",
]);
const isLifecycleEvent = (name: string): name is AgentEventName => LIFECYCLE_EVENTS.has(name);
