import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Agent, createSigner, createUser } from "@xmtp/agent-sdk";
import type { DestinationStream, Logger } from "pino";
import type { Telemetry } from "../../middleware/telemetry/index.js";
import type { Middleware } from "../compose/middleware.js";
import type { SwitchboardConfig } from "../config/config-schema.js";
import { resolveWalletKey, xmtpDbPath } from "../config/identity-files.js";
import { loadConfig } from "../config/load-config.js";
import { createLogger } from "../log/logger.js";
import { assertSupportedNode } from "../platform/node-version.js";
import type { Context } from "../runtime/context.js";
import type { OutboundGate } from "../runtime/outbound-gate.js";
import { SwitchboardRuntime } from "../runtime/runtime.js";
import type { Skill } from "../skill/skill.js";
import { createRedisStore } from "../store/redis-store.js";
import { createSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";
import { LogLevel } from "../xmtp/enums.js";
import { type BuiltinOptions, builtinMiddleware } from "./builtin-middleware.js";

const APP_VERSION = "switchboard/0.1.0";

export interface CreateAgentOptions {
  /** Names the agent in logs and its files. */
  name: string;
  skills: readonly Skill[];
  middleware?: readonly Middleware<Context>[];
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
async function defaultStore(config: SwitchboardConfig, inboxId: string): Promise<Store> {
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

/** An agent assembled from configuration, not yet started. */
export interface SwitchboardAgent {
  runtime: SwitchboardRuntime;
  /** agent-sdk's agent, which owns the XMTP client. */
  sdk: Agent;
  config: SwitchboardConfig;
  logger: Logger;
  store: Store;
  address: string;
  inboxId: string;
  /** The built-in telemetry (metrics registry, HTTP port), unless turned off. */
  telemetry: Telemetry | undefined;
}

/**
 * Builds an agent from configuration: resolves (or generates and saves) its identity, creates
 * its XMTP client with agent-sdk, opens its store and wires the runtime. Sends PM2's `ready`
 * once streams are up and caught up, and closes the store after the runtime drains.
 *
 * @example
 * const agent = await createAgent({ name: "pollbot", skills: [polls()] });
 * await agent.runtime.start();
 */
export async function createAgent(options: CreateAgentOptions): Promise<SwitchboardAgent> {
  assertSupportedNode();
  const config = options.config ?? loadConfig();
  const dataDir = config.SWITCHBOARD_DATA_DIR;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const identity = resolveWalletKey(config);
  const logger = createLogger({
    name: options.name,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
    secrets: [identity.walletKey, identity.dbEncryptionKey],
  });
  const sdk = await Agent.create(createSigner(createUser(identity.walletKey)), {
    env: config.XMTP_ENV,
    dbPath: (inboxId) => xmtpDbPath(dataDir, config.XMTP_ENV, inboxId),
    dbEncryptionKey: identity.dbEncryptionKey,
    disableDeviceSync: true,
    // The devnode has no history-sync service.
    historySyncUrl: config.XMTP_ENV === "local" ? null : undefined,
    loggingLevel: LogLevel.Off,
    appVersion: APP_VERSION,
  });
  const inboxId = sdk.client.inboxId;
  const store = (await options.store?.(inboxId, config)) ?? (await defaultStore(config, inboxId));
  const builtins =
    options.builtins === false
      ? { middleware: [], outbound: undefined, telemetry: undefined, pacer: undefined }
      : builtinMiddleware(config, store, options.builtins);
  const runtime = new SwitchboardRuntime({
    client: sdk.client,
    store,
    logger,
    name: options.name,
    skills: options.skills,
    middleware: [...builtins.middleware, ...(options.middleware ?? [])],
    concurrency: config.SWITCHBOARD_CONCURRENCY,
    drainTimeoutMs: config.SWITCHBOARD_DRAIN_TIMEOUT_MS,
    outbound: options.outbound ?? builtins.outbound,
    claimTtlMs: options.claimTtlMs,
    replicaId: replicaSlot(config, options.store !== undefined),
  });
  await builtins.telemetry?.attach(runtime, { outbound: builtins.pacer });
  runtime.addHook("onReady", () => {
    // PM2 `wait_ready`: the process counts as started only once it can answer.
    process.send?.("ready");
  });
  runtime.addHook("onClose", () => store.close());
  logger.info(
    { address: identity.address, inboxId, env: config.XMTP_ENV, identity: identity.source },
    "agent created",
  );
  return {
    runtime,
    sdk,
    config,
    logger,
    store,
    address: identity.address,
    inboxId,
    telemetry: builtins.telemetry,
  };
}
