import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createSigner, createUser } from "@xmtp/agent-sdk";
import { Client } from "@xmtp/node-sdk";
import type { DestinationStream, Logger } from "pino";
import type { Middleware } from "../compose/middleware.js";
import { type AgentConfig, withAgentDataDir } from "../config/agent-data-dir.js";
import type { SwitchboardConfig } from "../config/config-schema.js";
import { resolveWalletKey, xmtpDbPath } from "../config/identity-files.js";
import { loadConfig } from "../config/load-config.js";
import { createLogger } from "../log/logger.js";
import { assertSupportedNode } from "../platform/node-version.js";
import { ActionRegistry } from "../runtime/action-registry.js";
import type { Context } from "../runtime/context.js";
import { directOutbound, type OutboundGate } from "../runtime/outbound-gate.js";
import { SwitchboardRuntime } from "../runtime/runtime.js";
import { createDispatcher } from "../skill/dispatcher.js";
import { Skill, SkillBuilder, type SkillServices } from "../skill/skill.js";
import { createRedisStore } from "../store/redis-store.js";
import { createSqliteStore } from "../store/sqlite-store.js";
import { namespaced, type Store } from "../store/store.js";
import { LogLevel } from "../xmtp/enums.js";
import { Agent } from "./agent.js";
import { type BuiltinOptions, builtinMiddleware } from "./builtin-middleware.js";
import { lockDataDir } from "./instance-lock.js";

const APP_VERSION = "switchboard/0.1.0";

export interface CreateAgentOptions {
  /** Names the agent in logs and its files. */
  name: string;
  /**
   * The skills, in the order they see each event; `agent.on`, `agent.command` and
   * `agent.action` handlers form one more skill, named `agent`, that runs after them.
   */
  skills?: readonly Skill[];
  /** Middleware in front of every skill, after the built-ins (same as `agent.use`). */
  middleware?: readonly Middleware<Context>[];
  /** Custom content types the client decodes and encodes, as in agent-sdk. */
  codecs?: ContentCodecs;
  /** Command prefix, "/" by default. */
  commandPrefix?: string;
  /** Parsed configuration; read from the environment and `.env` when absent. */
  config?: SwitchboardConfig;
  /** The state store; embedded SQLite in the data dir by default, Redis when `REDIS_URL` is set. */
  store?: (inboxId: string, config: SwitchboardConfig) => Promise<Store> | Store;
  outbound?: OutboundGate;
  /**
   * Built-in middleware (telemetry, inbound rate limit, outbound pacing), all on by default and
   * configured from the environment; `false` turns them all off.
   */
  builtins?: BuiltinOptions | false;
  /** See `RuntimeOptions.claimTtlMs`: how soon a replica takes over a dead one's message. */
  claimTtlMs?: number;
  /** Where log lines go (stdout by default); tests capture them here. */
  logDestination?: DestinationStream;
}

/**
 * Embedded SQLite by default; with `REDIS_URL`, Redis, keyed by network and inbox so that every
 * replica of one agent (same identity) shares claims, handled ids, skill state and buttons.
 */
async function defaultStore(config: AgentConfig, inboxId: string): Promise<Store> {
  if (config.REDIS_URL) {
    return createRedisStore({
      url: config.REDIS_URL,
      keyPrefix: `switchboard:${config.XMTP_ENV}:${inboxId}:`,
    });
  }
  return createSqliteStore({
    path: join(config.SWITCHBOARD_DATA_DIR, `switchboard-${config.XMTP_ENV}-${inboxId}.sqlite`),
  });
}

/**
 * The replica slot for claims: as configured, or, on the embedded store (one process per data
 * dir), a fixed one, so an agent restarted after a crash replays its in-flight message at once.
 * A shared store without a configured slot gets none: replicas wait out a dead one's claim.
 */
function replicaSlot(config: SwitchboardConfig, customStore: boolean): string | undefined {
  if (config.SWITCHBOARD_REPLICA_ID) return config.SWITCHBOARD_REPLICA_ID;
  return customStore || config.REDIS_URL ? undefined : "embedded";
}

/** Custom content codecs for the client (agent-sdk's `codecs` option). */
export type ContentCodecs = NonNullable<NonNullable<Parameters<typeof Client.create>[1]>["codecs"]>;

/**
 * Builds an agent from configuration: resolves (or generates and saves) its identity, creates
 * its XMTP client, opens its store and wires the runtime: built-in middleware, then the
 * agent's own, then its skills. Sends PM2's `ready` once streams are up and caught up, and
 * closes the store after the runtime drains. The agent is not started: add handlers, then
 * `await agent.start()`.
 *
 * @example
 * const agent = await createAgent({ name: "pollbot", skills: [polls()] });
 * agent.command(ping, (_args, ctx) => ctx.reply("pong"));
 * await agent.start();
 */
export async function createAgent(options: CreateAgentOptions): Promise<Agent> {
  assertSupportedNode();
  const config = withAgentDataDir(options.config ?? loadConfig(), options.name);
  const dataDir = config.SWITCHBOARD_DATA_DIR;
  const dbDir = config.XMTP_DB_DIRECTORY ?? dataDir;
  for (const dir of [dataDir, dbDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(dataDir, options.name);
  const identity = resolveWalletKey(config);
  const logger = createLogger({
    name: options.name,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
    secrets: [identity.walletKey, identity.dbEncryptionKey, config.SWITCHBOARD_ASSISTANT_API_KEY],
  });
  // Custom codecs widen the client's content type to unknown; Switchboard's events name the
  // built-in types and hand anything else over as the `unknown` event.
  const client = (await Client.create(createSigner(createUser(identity.walletKey)), {
    env: config.XMTP_ENV,
    dbPath: (inboxId) => xmtpDbPath(dbDir, config.XMTP_ENV, inboxId),
    dbEncryptionKey: identity.dbEncryptionKey,
    disableDeviceSync: true,
    // The devnode has no history-sync service.
    historySyncUrl: config.XMTP_ENV === "local" ? null : undefined,
    loggingLevel: LogLevel.Off,
    appVersion: APP_VERSION,
    codecs: options.codecs,
  })) as Client;
  const inboxId = client.inboxId;
  const store = (await options.store?.(inboxId, config)) ?? (await defaultStore(config, inboxId));
  const replicaId = replicaSlot(config, options.store !== undefined);
  await lock.claimReplicaSlot(store, replicaId);
  const builtins =
    options.builtins === false
      ? { middleware: [], outbound: undefined, telemetry: undefined, pacer: undefined }
      : builtinMiddleware(config, store, options.builtins);
  const outbound = options.outbound ?? builtins.outbound ?? directOutbound;
  const actions = new ActionRegistry(namespaced(store, "actions:"));
  // The agent's own handlers (agent.on, agent.command...) form a skill after the given ones.
  const own = new SkillBuilder();
  const skills = [...(options.skills ?? []), new Skill({ name: "agent", description: "" }, own)];
  let runtime: SwitchboardRuntime | undefined;
  const dispatcher = createDispatcher(skills, {
    prefix: options.commandPrefix,
    actions,
    onError: (error, ctx) => runtime?.report(error, ctx),
    onSkillSettled: (report) => runtime?.emit("skill-settled", report),
  });
  runtime = new SwitchboardRuntime({
    client,
    store,
    logger,
    name: options.name,
    handler: dispatcher.middleware,
    commands: dispatcher.commands,
    actions,
    middleware: [...builtins.middleware, ...(options.middleware ?? [])],
    concurrency: config.SWITCHBOARD_CONCURRENCY,
    drainTimeoutMs: config.SWITCHBOARD_DRAIN_TIMEOUT_MS,
    outbound,
    claimTtlMs: options.claimTtlMs,
    replicaId,
    // The embedded store, like the data dir it lives in, belongs to this process alone.
    exclusiveStore: options.store === undefined && !config.REDIS_URL,
  });
  await builtins.telemetry?.attach(runtime, { outbound: builtins.pacer });
  wireSkillHooks(runtime, skills, store, logger);
  runtime.addHook("onReady", () => {
    // PM2 `wait_ready`: the process counts as started only once it can answer.
    process.send?.("ready");
  });
  runtime.addHook("onClose", async () => {
    await lock.release();
    await store.close();
  });
  logger.info(
    { address: identity.address, inboxId, env: config.XMTP_ENV, identity: identity.source },
    "agent created",
  );
  return new Agent({
    name: options.name,
    runtime,
    own,
    outbound,
    seal: dispatcher.seal,
    config,
    logger,
    store,
    address: identity.address,
    telemetry: builtins.telemetry,
  });
}

/** Skills arm their timers as the agent starts and stop them before it drains. */
function wireSkillHooks(
  runtime: SwitchboardRuntime,
  skills: readonly Skill[],
  store: Store,
  logger: Logger,
): void {
  runtime.addHook("onStart", async () => {
    for (const skill of skills) {
      const services: SkillServices = {
        store: namespaced(store, `skill:${skill.name}:`),
        log: logger.child({ skill: skill.name }),
        contextFor: async (conversationId) =>
          (await runtime.contextFor(conversationId))?.forSkill(skill.name),
      };
      for (const hook of skill.startHooks) await hook(services);
    }
  });
  runtime.addHook("preClose", async () => {
    for (const skill of skills) for (const hook of skill.stopHooks) await hook();
  });
}
