import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ZodError } from "zod";
import type { Demo } from "../chat/demo-environment.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import { LogTail, parseLogLine } from "./agent-log-tail.js";
import { EventStream } from "./event-stream.js";
import { PlaygroundSession } from "./playground-session.js";
import { readJsonBody } from "./read-json-body.js";
import { requestSchemas } from "./request-schemas.js";
import { loadStaticAssets } from "./static-assets.js";

/** Vite's preview port: free on most machines, and unlike 3000 or 8080 rarely taken by an app. */
export const DEFAULT_PLAYGROUND_PORT = 4173;
const HOST = "127.0.0.1";

/** Options for {@link startPlayground}. */
export interface PlaygroundOptions {
  /** Default 4173; 0 picks a free port (tests). */
  port?: number;
  /** Shown in the page's title bar. Default "agent". */
  agentName?: string;
  /** The simulated user created at start, with a DM to the agent. Default "alice". */
  firstUser?: string;
}

/** A running playground. */
export interface Playground {
  url: string;
  port: number;
  session: PlaygroundSession;
  /** Stops the server, the log tail and the simulated users; the agent is the caller's. */
  close(): Promise<void>;
}

/**
 * The page's defences beyond escaping: scripts and styles only from this server, no inline
 * script, no framing, no plugins.
 */
const PAGE_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

type Session = PlaygroundSession;
type PostRoute = (body: unknown, session: Session) => Promise<unknown>;

/** Each POST route: validate the body, act as the named simulated user, answer JSON. */
const POST_ROUTES: Record<string, PostRoute> = {
  "/api/users": async (body, session) => {
    const { name } = requestSchemas.user.parse(body);
    return session.addUser(name);
  },
  "/api/dms": async (body, session) => {
    const { as } = requestSchemas.dm.parse(body);
    return session.openDm(as);
  },
  "/api/groups": async (body, session) => {
    const { as, name, members } = requestSchemas.group.parse(body);
    return session.createGroup(as, name, members);
  },
  "/api/messages": async (body, session) => {
    const { as, conversationId, text, replyTo } = requestSchemas.message.parse(body);
    return { id: await session.sendText(as, conversationId, text, replyTo) };
  },
  "/api/reactions": async (body, session) => {
    const { as, conversationId, messageId, emoji, remove } = requestSchemas.reaction.parse(body);
    return { id: await session.react(as, conversationId, messageId, emoji, remove) };
  },
  "/api/intents": async (body, session) => {
    const { as, conversationId, actionsId, actionId } = requestSchemas.intent.parse(body);
    return { id: await session.tap(as, conversationId, actionsId, actionId) };
  },
};

/**
 * Serves the playground for a running demo agent on 127.0.0.1: the page, a Server-Sent Events
 * stream of everything the simulated users receive plus the agent's log lines (tailed from
 * `demo.logFile`), and JSON routes through which the page acts as a simulated user.
 *
 * @example
 * const demo = await startDemo(definition());
 * const playground = await startPlayground(demo, { port: 4173 });
 * console.log(`open ${playground.url}`);
 */
export async function startPlayground(
  demo: Pick<Demo, "agent" | "logFile" | "skills">,
  options: PlaygroundOptions = {},
): Promise<Playground> {
  const assets = await loadStaticAssets();
  const pages = new EventStream();
  let port = options.port ?? DEFAULT_PLAYGROUND_PORT;
  /** Set once the first simulated user is up; the port is taken first so a clash fails fast. */
  let session: PlaygroundSession | undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendError(response, error));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A DNS-rebinding page would reach 127.0.0.1 under its own host name: refuse it.
    if (!isLocalHost(request.headers.host, port) || !isSameOrigin(request.headers.origin, port)) {
      sendJson(response, 403, errorBody("SB_ERR_PERMISSION_DENIED", "not a local request"));
      return;
    }
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const asset = assets.get(path);
    if (asset && (request.method === "GET" || request.method === "HEAD")) {
      response.writeHead(200, {
        ...PAGE_HEADERS,
        "Content-Type": asset.type,
        "Content-Length": asset.body.length,
      });
      response.end(request.method === "HEAD" ? undefined : asset.body);
      return;
    }
    if (!session) {
      sendJson(
        response,
        503,
        errorBody("SB_ERR_PLAYGROUND_STARTING", "the playground is still starting"),
      );
      return;
    }
    if (request.method === "GET" && path === "/api/events") {
      pages.open(response, { type: "snapshot", data: session.snapshot() });
      return;
    }
    if (request.method === "GET" && path === "/api/state") {
      sendJson(response, 200, session.snapshot());
      return;
    }
    const route = POST_ROUTES[path];
    if (request.method !== "POST" || !route) {
      sendJson(
        response,
        404,
        errorBody("SB_ERR_PLAYGROUND_NOT_FOUND", `no route ${request.method} ${path}`),
      );
      return;
    }
    sendJson(response, 200, await route(await readJsonBody(request), session));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let tail: LogTail | undefined;
  try {
    session = await PlaygroundSession.open({
      agent: {
        name: options.agentName ?? "agent",
        address: demo.agent.address,
        inboxId: demo.agent.inboxId,
      },
      running: demo.agent,
      skills: demo.skills,
      firstUser: options.firstUser,
      onEvent: (event) => pages.send(event),
    });
    const recorder = session;
    tail = await LogTail.start(demo.logFile, (line) => {
      const view = parseLogLine(line);
      if (view) recorder.recordLog(view);
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const started = { session, tail };

  return {
    url: `http://${HOST}:${port}/`,
    port,
    session: started.session,
    close: async () => {
      pages.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([started.tail.stop(), started.session.close()]);
    },
  };
}

function isLocalHost(host: string | undefined, port: number): boolean {
  return host === `${HOST}:${port}` || host === `localhost:${port}`;
}

function isSameOrigin(origin: string | undefined, port: number): boolean {
  return (
    origin === undefined ||
    origin === `http://${HOST}:${port}` ||
    origin === `http://localhost:${port}`
  );
}

function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(json),
  });
  response.end(json);
}

/** Errors become JSON the page shows: the stable code, a message, and each field's problem. */
function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy(error as Error);
    return;
  }
  if (error instanceof ZodError) {
    // Plain words for a person: which field (the form puts the message beside it), not a path.
    const issues = error.issues.map((issue) => ({
      field: typeof issue.path[0] === "string" ? issue.path[0] : undefined,
      message: issue.message,
    }));
    const message = [...new Set(issues.map((issue) => issue.message))].join("; ");
    sendJson(response, 400, {
      error: { ...errorBody("SB_ERR_PLAYGROUND_REQUEST", message).error, issues },
    });
    return;
  }
  if (isSwitchboardError(error)) {
    sendJson(response, statusOf(error), errorBody(error.code, error.message));
    return;
  }
  process.emitWarning(`playground: request failed: ${(error as Error)?.stack ?? String(error)}`);
  // What is left are the network's refusals, surfaced by the SDK while sending.
  sendJson(
    response,
    500,
    errorBody("SB_ERR_OUTBOUND_FAILED", (error as Error)?.message ?? String(error)),
  );
}

function statusOf(error: { code: string; context: unknown }): number {
  switch (error.code) {
    case "SB_ERR_PLAYGROUND_REQUEST":
      return (error.context as { status?: number } | undefined)?.status ?? 400;
    case "SB_ERR_PLAYGROUND_NOT_FOUND":
      return 404;
    case "SB_ERR_PERMISSION_DENIED":
      return 403;
    default:
      return 500;
  }
}
