import type { IncomingMessage, ServerResponse } from "node:http";
import { type AddressInfo, isIP } from "node:net";
import type { Registry } from "prom-client";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";
import type { RuntimeStatus } from "./metrics.js";
import { readinessOf } from "./readiness.js";

/** Options for {@link startHealthServer}. */
export interface HealthServerOptions {
  /** 0 picks a free port (see {@link HealthServer.port}). */
  port: number;
  host: string;
  registry: Registry;
  /** The runtime's status now; `undefined` before one is attached. */
  status: () => RuntimeStatus | undefined;
  /**
   * Host names answered besides IP addresses and `localhost` (e.g. the name a scraper uses).
   * Requests naming any other `Host` get 421: see {@link isAllowedHost}.
   */
  allowedHosts?: readonly string[];
}

/** A listening health server. */
export interface HealthServer {
  /** The port actually bound. */
  readonly port: number;
  /**
   * Stops listening and drops open connections, even mid-request: a stuck scrape must not
   * hold up shutdown.
   */
  close(): Promise<void>;
}

/**
 * Serves, with Node's own http module:
 * - `/metrics`: the registry in Prometheus text format;
 * - `/healthz`: 200 while the process answers at all (liveness);
 * - `/readyz`: 200 once the agent is running, streaming and caught up, else 503 with
 *   `{ "status": "not ready", "reason": "..." }` (readiness: what PM2, Kubernetes or a load
 *   balancer waits for).
 *
 * The server does not keep the process alive by itself: an agent whose start failed must
 * still be able to exit.
 *
 * @example
 * const server = await startHealthServer({
 *   port: 9464,
 *   host: "127.0.0.1",
 *   registry,
 *   status: () => runtime.status,
 * });
 * runtime.addHook("onClose", () => server.close());
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  // Loaded here, not at import: importing node:http pulls in undici, tls and zlib (1.6 MB of
  // heap, 1.4 MB external), which an agent without METRICS_PORT never uses.
  const { createServer } = await import("node:http");
  const server = createServer((request, response) => {
    respond(options, request, response).catch((error: unknown) => {
      // A broken collector must not crash the agent; the scraper records the 500 and its text.
      process.emitWarning(`telemetry: ${request.url} failed: ${(error as Error)?.message}`);
      if (response.headersSent) response.destroy();
      else send(response, 500, "text/plain", `${(error as Error)?.message ?? error}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause) =>
      reject(
        new SwitchboardError(
          "SB_ERR_METRICS_SERVER",
          `cannot serve metrics on ${options.host}:${options.port}: ${cause.message}`,
          { cause, context: { host: options.host, port: options.port } },
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function respond(
  options: HealthServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!isAllowedHost(request.headers.host, options.allowedHosts ?? [])) {
    return sendJson(response, 421, { error: "host not allowed" });
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    return sendJson(response, 405, { error: "method not allowed" });
  }
  switch (new URL(request.url ?? "/", "http://localhost").pathname) {
    case "/metrics":
      return send(response, 200, options.registry.contentType, await options.registry.metrics());
    case "/healthz":
      return sendJson(response, 200, { status: "ok" });
    case "/readyz": {
      const status = options.status();
      const readiness = readinessOf(status);
      return readiness.ready
        ? sendJson(response, 200, { status: "ready", runtime: status })
        : sendJson(response, 503, {
            status: "not ready",
            reason: readiness.reason,
            runtime: status,
          });
    }
    default:
      return sendJson(response, 404, { error: "not found" });
  }
}

/**
 * DNS rebinding: a web page on `evil.example` re-points its own name at 127.0.0.1 and, being
 * same-origin with it, reads the response. Its requests still say `Host: evil.example`, so
 * the server answers only names that cannot be re-pointed: IP literals, `localhost` (and
 * `*.localhost`, which browsers resolve to loopback themselves), and the configured names.
 * A request without `Host` (HTTP/1.0) comes from no browser and is answered.
 */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (header === undefined) return true;
  const name = hostName(header.trim().toLowerCase());
  if (name === undefined) return false;
  return (
    isIP(name) !== 0 ||
    name === "localhost" ||
    name.endsWith(".localhost") ||
    allowed.includes(name)
  );
}

/** `host`, `host:port`, `[v6]` or `[v6]:port` -> the host alone; undefined when malformed. */
function hostName(header: string): string | undefined {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/.exec(header);
  return match?.[1] ?? match?.[2]?.replace(/\.$/, "");
}

function sendJson(response: ServerResponse, code: number, body: unknown): void {
  send(response, code, "application/json", JSON.stringify(body));
}

function send(response: ServerResponse, code: number, contentType: string, body: string): void {
  response.writeHead(code, { "content-type": contentType }).end(body);
}
