import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import type { Client, Conversation, DecodedMessage } from "@xmtp/node-sdk";
import type { Logger } from "pino";
import { compose } from "../compose/compose.js";
import type { Middleware, MiddlewareFn } from "../compose/middleware.js";
import { isSwitchboardError, SwitchboardError } from "../errors/switchboard-error.js";
import { namespaced, type Store } from "../store/store.js";
import { ActionRegistry } from "./action-registry.js";
import { type BackoffOptions, backoffDelay } from "./backoff.js";
import { findMissedWork, hasSpokenIn, isOwnJoin } from "./catch-up.js";
import type { CommandDirectory } from "./command-directory.js";
import type { Context, EventOutcome, RuntimeServices } from "./context.js";
import { ConversationLeases } from "./conversation-leases.js";
import { ConversationScheduler } from "./conversation-scheduler.js";
import { createContext } from "./create-context.js";
import { DeferredMessages } from "./deferred-messages.js";
import { EventAttempt } from "./event-attempt.js";
import type { EventSource, SkillSettled } from "./events.js";
import { HandledLedger } from "./handled-ledger.js";
import { type Hook, type HookName, LifecycleHooks } from "./lifecycle-hooks.js";
import { MessageClaims } from "./message-claims.js";
import { directOutbound, type OutboundGate } from "./outbound-gate.js";
import { StreamSupervisor } from "./stream-supervisor.js";
import { WriteJournal } from "./write-journal.js";

/** A finished event, for telemetry: how it ended and how long the chain took. */
export interface SettledEvent {
  ctx: Context;
  outcome: EventOutcome;
  durationMs: number;
}

/** Lifecycle and observation events; skills never run as listeners of these. */
export interface RuntimeEvents {
  start: [];
  ready: [];
  stop: [];
  error: [error: SwitchboardError, ctx: Context | undefined];
  settled: [event: SettledEvent];
  "skill-settled": [report: SkillSettled];
  disconnected: [error: Error];
  "caught-up": [report: { messages: number; conversations: number }];
}

export interface RuntimeOptions {
  /** The agent's XMTP client (e.g. `agent.client` of an agent-sdk `Agent`). */
  client: Client;
  store: Store;
  logger: Logger;
  /** Names the agent in logs. */
  name?: string;
  /** The last middleware of the chain (an agent's skill dispatcher). */
  handler: MiddlewareFn<Context>;
  middleware?: readonly Middleware<Context>[];
  /** The agent's commands, as `ctx.commands` offers them. */
  commands?: CommandDirectory;
  /** Where sent buttons are recorded; by default in `store`, under `actions:`. */
  actions?: ActionRegistry;
  /**
   * Conversations handled at once; one conversation is always handled in order. Default 64:
   * handlers mostly wait (on the network, an API, a model), and with 16 lanes a burst across
   * many conversations left the CPU idle while the last lanes worked through their queues.
   */
  concurrency?: number;
  /** How long `stop()` waits for in-flight handlers. Default 10 s. */
  drainTimeoutMs?: number;
  outbound?: OutboundGate;
  backoff?: BackoffOptions;
  /**
   * How long a replica's claim on a message, and its lease on a conversation, last without
   * renewal: after it dies, the other replicas take its conversations over this long later.
   * Default 30 s.
   */
  claimTtlMs?: number;
  /**
   * This process's replica slot, when at most one live process uses it: after a crash, the
   * restarted process takes over the messages its predecessor had claimed at once instead of
   * after `claimTtlMs`. Give every concurrently running replica its own, or leave it unset.
   */
  replicaId?: string;
  /**
   * No other process uses `store` (`createAgent`'s embedded store: its data dir is locked to
   * one process), so message claims need no write of their own (see `MessageClaims`).
   */
  exclusiveStore?: boolean;
}

type State = "idle" | "starting" | "running" | "stopping" | "stopped";

/**
 * The Switchboard agent runtime: streams every message and new conversation of an XMTP client
 * through one awaited middleware chain that ends in a final handler. It handles each
 * conversation in order and different ones concurrently, handles every message exactly once
 * across restarts (replaying what arrived while it was down), reconnects broken streams with
 * backoff, and drains in-flight work on stop.
 *
 * @example
 * const runtime = new SwitchboardRuntime({ client, store, logger, handler: (ctx) => ctx.reply("hi") });
 * runtime.on("ready", () => console.log("listening"));
 * await runtime.start();
 */
export class SwitchboardRuntime extends EventEmitter<RuntimeEvents> {
  readonly #options: RuntimeOptions;
  readonly #middleware: Middleware<Context>[];
  readonly #hooks = new LifecycleHooks();
  readonly #scheduler: ConversationScheduler;
  readonly #ledger: HandledLedger;
  readonly #claims: MessageClaims;
  readonly #writesStore: Store;
  readonly #leases: ConversationLeases;
  readonly #deferred: DeferredMessages;
  readonly #services: RuntimeServices;
  readonly #supervisor: StreamSupervisor;
  readonly #enqueued = new Set<string>();
  /**
   * Stream messages set aside from the moment streams are (re)opened until the catch-up has
   * replayed what they missed: a stream can deliver a new message before the catch-up reads
   * the older ones, which would answer them out of order.
   */
  #held: DecodedMessage[] | undefined;
  #chain: ((ctx: Context) => Promise<void>) | undefined;
  #sinceNs = 0n;
  #state: State = "idle";
  #caughtUp = false;

  constructor(options: RuntimeOptions) {
    super();
    this.#options = options;
    this.#middleware = [...(options.middleware ?? [])];
    this.#scheduler = new ConversationScheduler({ concurrency: options.concurrency ?? 64 });
    this.#ledger = new HandledLedger(namespaced(options.store, "runtime:"), {
      onWriteError: (error) =>
        this.#services.logger.warn({ err: error }, "cursor write failed; it is tried again"),
    });
    this.#writesStore = namespaced(options.store, "runtime:writes:");
    // The record of each message: its claim while in hand, then its handled marker.
    const ttlMs = options.claimTtlMs ?? 30_000;
    this.#claims = new MessageClaims(namespaced(options.store, "runtime:handled:"), {
      ttlMs,
      replicaId: options.replicaId,
      exclusive: options.exclusiveStore,
    });
    this.#leases = new ConversationLeases(namespaced(options.store, "runtime:lease:"), {
      ttlMs,
      owner: this.#claims.owner,
      replicaId: options.replicaId,
      busy: (conversationId) => this.#scheduler.busy(conversationId),
    });
    this.#deferred = new DeferredMessages(ttlMs + 250, (conversationId) =>
      this.#takeOver(conversationId),
    );
    this.#services = {
      client: options.client,
      store: options.store,
      outbound: options.outbound ?? directOutbound,
      actions: options.actions ?? new ActionRegistry(namespaced(options.store, "actions:")),
      logger: options.logger,
      agentName: options.name ?? "agent",
      commands: options.commands,
    };
    this.#supervisor = new StreamSupervisor(
      options.client,
      {
        message: (message) => this.#acceptMessage(message, "stream"),
        conversation: (conversation) => this.#acceptConversation(conversation, "stream"),
        disconnected: (error) => {
          this.#caughtUp = false;
          // The new streams deliver before the catch-up runs: hold them from now on (see #held).
          this.#held ??= [];
          this.#services.logger.warn({ err: error }, "streams lost");
          this.#safeEmit("disconnected", error);
        },
        connected: () => this.#catchUp(),
      },
      options.logger,
      options.backoff,
    );
  }

  get client(): Client {
    return this.#options.client;
  }

  /** For health checks: streams up and caught up, and the work in hand. */
  get status() {
    return {
      state: this.#state,
      connected: this.#supervisor.connected,
      caughtUp: this.#caughtUp,
      inFlight: this.#scheduler.inFlight,
      queued: this.#scheduler.queued,
      reconnects: this.#supervisor.reconnects,
    };
  }

  /** Adds middleware in front of the final handler; only before `start()`. */
  use(...middleware: Middleware<Context>[]): this {
    if (this.#state !== "idle") {
      throw new SwitchboardError("SB_ERR_AGENT_STATE", "use() must be called before start()");
    }
    this.#middleware.push(...middleware);
    return this;
  }

  addHook(name: HookName, hook: Hook): this {
    this.#hooks.add(name, hook);
    return this;
  }

  async start(): Promise<void> {
    if (this.#state !== "idle") {
      throw new SwitchboardError(
        "SB_ERR_AGENT_STATE",
        `cannot start a runtime that is ${this.#state}`,
      );
    }
    this.#state = "starting";
    this.#chain = compose([...this.#middleware, this.#options.handler]);
    this.#sinceNs = await this.#ledger.since(BigInt(Date.now()) * 1_000_000n);
    this.#safeEmit("start");
    await this.#hooks.run("onStart", (error, name) => this.#reportHook(error, name));
    this.#leases.start();
    this.#held = [];
    await this.#supervisor.start();
    this.#state = "running";
    await this.#hooks.run("onReady", (error, name) => this.#reportHook(error, name));
    this.#services.logger.info({ inboxId: this.client.inboxId }, "agent ready");
    this.#safeEmit("ready");
  }

  /** Stops taking new events, waits up to the drain deadline for in-flight ones, then closes. */
  async stop(): Promise<void> {
    if (this.#state !== "running" && this.#state !== "starting") return;
    this.#state = "stopping";
    await this.#hooks.run("preClose", (error, name) => this.#reportHook(error, name));
    await this.#supervisor.stop();
    this.#deferred.clear();
    const timeoutMs = this.#options.drainTimeoutMs ?? 10_000;
    if (!(await this.#scheduler.whenIdle(timeoutMs))) {
      this.#report(
        new SwitchboardError(
          "SB_ERR_SHUTDOWN_TIMEOUT",
          `${this.#scheduler.inFlight} handler(s) still running after ${timeoutMs} ms`,
        ),
        undefined,
      );
    }
    await this.#ledger.writeCursors().catch((error: unknown) =>
      this.#report(
        new SwitchboardError("SB_ERR_STORE", "could not write the conversation cursors", {
          cause: error,
        }),
        undefined,
      ),
    );
    // Handed back after the drain: the other replicas take these conversations over at once.
    await this.#leases.stop();
    await this.#hooks.run("onClose", (error, name) => this.#reportHook(error, name));
    this.#state = "stopped";
    this.#services.logger.info("agent stopped");
    this.#safeEmit("stop");
  }

  #acceptMessage(message: DecodedMessage, source: EventSource): void {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    if (message.senderInboxId === this.client.inboxId || message.content === undefined) return;
    if (this.#held && source === "stream") {
      // Catch-up is replaying older messages; hold newer ones so each conversation stays in order.
      this.#held.push(message);
      return;
    }
    if (this.#enqueued.has(message.id)) return;
    this.#enqueued.add(message.id);
    void this.#scheduler
      .enqueue(message.conversationId, () => this.#processMessage(message, source))
      .finally(() => this.#enqueued.delete(message.id));
  }

  #acceptConversation(conversation: Conversation, source: EventSource): void {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    void this.#scheduler.enqueue(conversation.id, async () => {
      if ((await this.#announce(conversation, source)) && source === "stream") {
        void this.#catchUpNewConversation(conversation);
      }
    });
  }

  /**
   * Runs the `conversation` event for a conversation new to this agent, once. Both the
   * conversation's own event and its messages call this from the conversation's lane, because
   * the two streams deliver independently: whichever arrives first, the event runs first.
   */
  async #announce(conversation: Conversation, source: EventSource): Promise<boolean> {
    // Conversations from before the agent first ran are not new to it.
    if (conversation.createdAtNs <= this.#sinceNs) return false;
    if (!(await this.#ledger.firstSighting(conversation.id))) return false;
    // A shared store may have forgotten (a Redis restarted without persistence); the network
    // has not. The embedded store forgets only with its data dir, and `since` with it.
    if (!this.#options.exclusiveStore && (await hasSpokenIn(conversation, this.client.inboxId))) {
      return false;
    }
    await this.#runOnce(
      { conversation, source },
      {
        eventKey: `conversation:${conversation.id}`,
        afterNs: conversation.createdAtNs,
        replay: false,
      },
    );
    return true;
  }

  /**
   * Messages sent right after a group is created can reach the node before this agent's
   * stream subscribes to the group, and node-sdk never emits those: sync the new conversation
   * once and replay what it already holds. Messages the stream does deliver are deduplicated.
   */
  async #catchUpNewConversation(conversation: Conversation): Promise<void> {
    try {
      await conversation.sync();
      for (const message of await conversation.messages({ sentAfterNs: this.#sinceNs })) {
        if (!isOwnJoin(message, this.client.inboxId)) this.#acceptMessage(message, "catch-up");
      }
    } catch (error) {
      this.#services.logger.warn(
        { err: error, conversationId: conversation.id },
        "new conversation catch-up failed",
      );
    }
  }

  /**
   * Handles a message once across replicas and restarts. Claim and handled marker are one
   * store record, so the usual path costs two store writes (claim, mark); the conversation's
   * cursor is written at most once a second (see `HandledLedger.advanceCursor`). A failure
   * outside the skills (the store down, the conversation not found yet) is retried in place
   * with backoff while the agent runs: the message stays claimed and its conversation waits,
   * so nothing is dropped and order holds. Running an event again is safe: writes are journaled.
   */
  async #processMessage(message: DecodedMessage, source: EventSource): Promise<void> {
    const prepared = new Map<string, string>();
    await this.#persistently(message, () => this.#attempt(message, source, prepared));
  }

  /** Runs `step` until it no longer asks to be retried, with backoff, while the agent runs. */
  async #persistently(message: DecodedMessage, step: () => Promise<"done" | "retry">) {
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await step()) === "done") return;
      } catch (error) {
        this.#report(
          isSwitchboardError(error)
            ? error
            : new SwitchboardError("SB_ERR_STORE", `could not process message ${message.id}`, {
                cause: error,
              }),
          undefined,
        );
      }
      if (this.#state !== "running") return;
      const delayMs = backoffDelay(attempt, this.#options.backoff);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  async #attempt(
    message: DecodedMessage,
    source: EventSource,
    prepared: Map<string, string>,
  ): Promise<"done" | "retry"> {
    if (!(await this.#leases.acquire(message.conversationId))) {
      this.#deferred.defer(message);
      return "done";
    }
    // Just won from a replica that died: what it left behind runs first, all in send order.
    const leftBehind = this.#deferred.take(message.conversationId);
    if (leftBehind.length > 0) {
      this.#deferred.defer(message);
      for (const next of this.#deferred.take(message.conversationId)) {
        await this.#processMessage(next, next === message ? source : "takeover");
      }
      return "done";
    }
    const claim = await this.#claims.claim(message.id);
    if (claim === "handled") return "done";
    // Still in the hands of the conversation's previous owner: wait here, so order holds.
    if (claim === "held") return "retry";
    return this.#claims.hold(message.id, async () => {
      const conversation = await this.#conversation(message.conversationId);
      if (!conversation) {
        throw new SwitchboardError(
          "SB_ERR_STREAM",
          `conversation ${message.conversationId} of message ${message.id} not found`,
        );
      }
      await this.#announce(conversation, source);
      const ran = await this.#runOnce(
        { conversation, message, source },
        // Resumed: begun in this installation before (a crash of this replica slot, a retry).
        { eventKey: message.id, afterNs: message.sentAtNs, replay: claim === "resumed" },
        prepared,
      );
      if (!ran) return "retry";
      // The event has run: from here on only its record is retried, never the event again.
      await this.#persistently(message, async () => {
        await this.#claims.complete(message.id);
        this.#ledger.advanceCursor(message);
        return "done";
      });
      return "done";
    });
  }

  /**
   * Runs an event whose writes must happen once however often it runs; false when a failure
   * that may pass (the store, a write given up on) cut it short, so it must run again.
   */
  async #runOnce(
    event: { conversation: Conversation; message?: DecodedMessage; source: EventSource },
    journalKey: ConstructorParameters<typeof WriteJournal>[1],
    prepared?: Map<string, string>,
  ): Promise<boolean> {
    const attempt = new EventAttempt();
    const services = { ...this.#services, store: attempt.watch(this.#services.store) };
    const journal = attempt.watch(this.#writesStore);
    const writes = new WriteJournal(journal, journalKey, event.conversation, {
      client: this.client,
      prepared,
      unfinished: () => {
        attempt.unfinished = true;
      },
    });
    await this.#run(createContext(services, { ...event, writes }));
    return !attempt.unfinished;
  }

  /**
   * Another replica owns this conversation. If it dies, its lease expires unrenewed: try the
   * messages set aside then (what it handled meanwhile is skipped by its claim), in one task of
   * the conversation's lane that takes them in send order when it runs, so that nothing newer
   * can slip in between them.
   */
  #takeOver(conversationId: string): void {
    if (this.#state !== "running") return;
    void this.#scheduler.enqueue(conversationId, async () => {
      for (const message of this.#deferred.take(conversationId)) {
        await this.#processMessage(message, "takeover");
      }
    });
  }

  /** Runs the chain for one event; whatever it throws is reported, never rethrown. */
  async #run(ctx: Context): Promise<void> {
    const started = performance.now();
    try {
      await this.#chain!(ctx);
    } catch (error) {
      ctx.outcome = "failed";
      this.#report(
        isSwitchboardError(error)
          ? error
          : new SwitchboardError(
              "SB_ERR_MIDDLEWARE_FAILED",
              `middleware failed: ${(error as Error)?.message}`,
              { cause: error, ctx },
            ),
        ctx,
      );
    }
    this.#safeEmit("settled", {
      ctx,
      outcome: ctx.outcome,
      durationMs: performance.now() - started,
    });
  }

  async #conversation(id: string): Promise<Conversation | undefined> {
    const local = await this.client.conversations.getConversationById(id);
    if (local) return local;
    await this.client.conversations.sync();
    return (await this.client.conversations.getConversationById(id)) ?? undefined;
  }

  async #catchUp(): Promise<void> {
    this.#held ??= [];
    try {
      const missed = await findMissedWork(
        this.client,
        this.#ledger,
        (id) => this.#claims.isHandled(id),
        this.#sinceNs,
      );
      for (const conversation of missed.conversations)
        this.#acceptConversation(conversation, "catch-up");
      for (const message of missed.messages) this.#acceptMessage(message, "catch-up");
      if (missed.messages.length + missed.conversations.length > 0) {
        this.#services.logger.info(
          { messages: missed.messages.length, conversations: missed.conversations.length },
          "caught up on missed work",
        );
      }
      this.#safeEmit("caught-up", {
        messages: missed.messages.length,
        conversations: missed.conversations.length,
      });
    } finally {
      const held = this.#held;
      this.#held = undefined;
      for (const message of held) this.#acceptMessage(message, "stream");
    }
    this.#caughtUp = true;
  }

  /** A context for a conversation with no incoming event, to send into it from a timer. */
  async contextFor(conversationId: string): Promise<Context<"conversation"> | undefined> {
    const conversation = await this.#conversation(conversationId);
    if (!conversation) return undefined;
    return createContext(this.#services, {
      conversation,
      source: "stream",
    }) as Context<"conversation">;
  }

  /** Reports an error as the runtime reports its own: logged, then emitted as `error`. */
  report(error: SwitchboardError, ctx: Context | undefined): void {
    this.#report(error, ctx);
  }

  #report(error: SwitchboardError, ctx: Context | undefined): void {
    (ctx?.log ?? this.#services.logger).error({ err: error, code: error.code }, error.message);
    if (this.listenerCount("error") > 0) this.#safeEmit("error", error, ctx);
  }

  #reportHook(error: unknown, name: HookName): void {
    this.#report(
      new SwitchboardError(
        "SB_ERR_HOOK_FAILED",
        `${name} hook failed: ${(error as Error)?.message}`,
        { cause: error },
      ),
      undefined,
    );
  }

  /** Observers must not break the runtime: a throwing listener is logged, not propagated. */
  #safeEmit<K extends keyof RuntimeEvents>(event: K, ...args: RuntimeEvents[K]): void {
    try {
      this.emit(event, ...(args as never));
    } catch (error) {
      this.#services.logger.error({ err: error, event }, "a runtime event listener threw");
    }
  }
}
