import { createServer } from "node:net";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import pino, { type Logger } from "pino";
import { SwitchboardError } from "../errors/switchboard-error.js";
import { DevnodeState, type StoredGroupMessage, type StoredWelcome } from "./devnode-state.js";
import { identityService } from "./identity-service.js";
import { MAX_FRAME_BYTES } from "./limits.js";
import { mlsService } from "./mls-service.js";
import { RpcStats } from "./rpc-service.js";
import { TopicHub } from "./topic-hub.js";

/** The port `env: "local"` clients dial; node-sdk 5.3 ignores `apiUrl` for its first lookup. */
export const DEVNODE_PORT = 5556;

export interface DevnodeOptions {
  /** Default 5556, the only port `env: "local"` clients reach. 0 picks a free one. */
  port?: number;
  /** Loopback only by default: the devnode has no authentication. */
  host?: string;
  /** Where `devnode.sqlite` lives; without it the node keeps everything in memory. */
  dataDir?: string;
  logger?: Logger;
}

export interface Devnode {
  /** `http://localhost:<port>`, for `apiUrl`-style configuration. */
  readonly url: string;
  readonly port: number;
  /** Calls and failures per RPC method, plus open streams. */
  stats(): { rpcs: Record<string, { calls: number; failures: number }>; openStreams: number };
  /** Closes open streams, then the server and the database. */
  stop(): Promise<void>;
}

/**
 * Starts a local XMTP node: the MLS and identity gRPC APIs that real `@xmtp/node-sdk`
 * clients speak, on loopback, persisted to SQLite.
 *
 * @example
 * const node = await startDevnode({ dataDir: ".data/devnode" });
 * const client = await Client.create(signer, { env: "local" });
 * await node.stop();
 */
export async function startDevnode(options: DevnodeOptions = {}): Promise<Devnode> {
  const logger = options.logger ?? pino({ name: "devnode", level: "info" });
  const state = new DevnodeState(options.dataDir);
  const stats = new RpcStats();
  const hubs = {
    groups: new TopicHub<StoredGroupMessage>(),
    welcomes: new TopicHub<StoredWelcome>(),
  };
  const server = new Server({
    "grpc.max_receive_message_length": MAX_FRAME_BYTES,
    "grpc.max_send_message_length": MAX_FRAME_BYTES,
  });
  for (const service of [
    mlsService(state, hubs, { stats, logger }),
    identityService(state, { stats, logger }),
  ]) {
    server.addService(service.definition, service.implementation);
  }

  const host = options.host ?? "127.0.0.1";
  let port: number;
  try {
    // grpc-js prints its own error line for a taken port; ask the OS first, quietly.
    await assertPortFree(host, options.port ?? DEVNODE_PORT);
    port = await bind(server, host, options.port ?? DEVNODE_PORT);
    // `localhost` may resolve to ::1 first; serve it too when the port is ours on IPv4.
    if (host === "127.0.0.1") await bind(server, "[::1]", port).catch(() => undefined);
  } catch (error) {
    state.close();
    throw portTaken(error, host, options.port ?? DEVNODE_PORT) ?? error;
  }
  logger.info({ port, dataDir: options.dataDir ?? ":memory:" }, "devnode listening");

  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    stats: () => ({ rpcs: stats.snapshot(), openStreams: stats.openStreams }),
    stop: () => {
      stopping ??= shutdown(server, stats).then(() => {
        state.close();
        logger.info({ rpcs: stats.snapshot() }, "devnode stopped");
      });
      return stopping;
    },
  };
}

function bind(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
}

function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A bind failure because the port is in use, reworded; undefined for any other failure. */
function portTaken(error: unknown, host: string, port: number) {
  const text = `${(error as NodeJS.ErrnoException)?.code} ${(error as Error)?.message}`;
  if (!/EADDRINUSE|address already in use/i.test(text)) return;
  return new SwitchboardError(
    "SB_ERR_DEVNODE_PORT",
    `port ${port} on ${host} is taken, most likely by a devnode already running — use that one, or stop it first`,
    { cause: error },
  );
}

const SHUTDOWN_GRACE_MS = 2_000;

/** grpc-js `tryShutdown` waits forever on open streams, so end them first and bound the wait. */
function shutdown(server: Server, stats: RpcStats): Promise<void> {
  stats.closeStreams();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
