import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { type WaitOptions, waitFor } from "./wait-for.js";

/** A chat message as the OpenAI chat-completions protocol carries it. */
export const chatMessageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(z.looseObject({})), z.null()]).optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string(),
        function: z.object({ name: z.string(), arguments: z.string() }),
      }),
    )
    .optional(),
});

/** What the server accepts: a non-streaming chat-completions request. */
export const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(chatMessageSchema).min(1),
  tools: z
    .array(
      z.looseObject({
        type: z.literal("function"),
        function: z.looseObject({ name: z.string(), description: z.string().optional() }),
      }),
    )
    .optional(),
  stream: z.literal(false).optional(),
});

export type ChatRequest = z.output<typeof chatRequestSchema>;
export type ChatMessage = z.output<typeof chatMessageSchema>;

/** A tool call the scripted model makes; `arguments` as a string is sent verbatim (bad JSON too). */
export interface ScriptedToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
}

/**
 * One scripted answer: final text, tool calls, an HTTP error, or no answer at all (`hang`,
 * until the client gives up: a model that times out).
 */
export type ScriptedAnswer =
  | { text: string; usage?: ScriptedUsage }
  | { toolCalls: readonly ScriptedToolCall[]; text?: string; usage?: ScriptedUsage }
  | { status: number; error: string }
  | { hang: true };

/** Token counts to report; by default about a token per four characters either way. */
export interface ScriptedUsage {
  prompt: number;
  completion: number;
}

/** An answer, or a function of the request that picks one (to answer by what it contains). */
export type ScriptStep = ScriptedAnswer | ((request: ChatRequest) => ScriptedAnswer);

/**
 * A real HTTP server speaking the OpenAI-compatible chat-completions protocol (the one Ollama,
 * vLLM and LM Studio serve), answering from a script: tests point an assistant at `baseURL`
 * and decide, request by request, what "the model" says. Every request is recorded, so a test
 * can read what the agent sent (tools offered, tool results fed back). An exhausted script
 * answers 500 with "no scripted answer left".
 *
 * @example
 * const model = await ScriptedModelServer.start();
 * model.script(
 *   { toolCalls: [{ name: "poll", arguments: { question: "Lunch?", option: ["pizza", "sushi"] } }] },
 *   { text: "Poll started." },
 * );
 * // SWITCHBOARD_ASSISTANT_BASE_URL = model.baseURL
 * await model.stop();
 */
export class ScriptedModelServer {
  readonly requests: ChatRequest[] = [];
  /** Each request's `Authorization` header, in the same order (to check a configured key). */
  readonly authorizations: Array<string | undefined> = [];
  readonly #steps: ScriptStep[] = [];
  readonly #server: Server;
  readonly #hanging = new Set<ServerResponse>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(options: { port?: number } = {}): Promise<ScriptedModelServer> {
    let model: ScriptedModelServer | undefined;
    const server = createServer((request, response) => void model!.#handle(request, response));
    model = new ScriptedModelServer(server);
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
    return model;
  }

  /** Where an OpenAI-compatible client points: `http://127.0.0.1:<port>/v1`. */
  get baseURL(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Appends answers, used one per request in order. */
  script(...steps: ScriptStep[]): void {
    this.#steps.push(...steps);
  }

  /** How many scripted answers are still unused. */
  get pending(): number {
    return this.#steps.length;
  }

  /** Resolves with request number `count` (1-based) once it has arrived. */
  waitForRequest(count: number, options: WaitOptions = {}): Promise<ChatRequest> {
    return waitFor(() => this.requests[count - 1], {
      description: `model request #${count}`,
      ...options,
    });
  }

  async stop(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
      return sendJson(response, 404, errorBody(`no route ${request.method} ${request.url}`));
    }
    const parsed = chatRequestSchema.safeParse(await readJson(request));
    if (!parsed.success) {
      return sendJson(response, 400, errorBody(`bad request: ${parsed.error.issues[0]?.message}`));
    }
    this.requests.push(parsed.data);
    this.authorizations.push(request.headers.authorization);
    const step = this.#steps.shift();
    if (!step) return sendJson(response, 500, errorBody("no scripted answer left"));
    const answer = typeof step === "function" ? step(parsed.data) : step;
    if ("hang" in answer) {
      this.#hanging.add(response);
      response.on("close", () => this.#hanging.delete(response));
      return;
    }
    if ("status" in answer) return sendJson(response, answer.status, errorBody(answer.error));
    sendJson(response, 200, completion(parsed.data, answer, this.requests.length));
  }
}

function completion(
  request: ChatRequest,
  answer: Extract<ScriptedAnswer, { text?: string }>,
  number: number,
) {
  const toolCalls = "toolCalls" in answer ? answer.toolCalls : [];
  const text = answer.text ?? null;
  const usage = answer.usage ?? {
    prompt: Math.ceil(JSON.stringify(request.messages).length / 4),
    completion: Math.ceil(((text ?? "").length + JSON.stringify(toolCalls).length) / 4),
  };
  return {
    id: `chatcmpl-scripted-${number}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text,
          tool_calls:
            toolCalls.length === 0
              ? undefined
              : toolCalls.map((call, index) => ({
                  id: `call_${number}_${index}`,
                  type: "function",
                  function: {
                    name: call.name,
                    arguments:
                      typeof call.arguments === "string"
                        ? call.arguments
                        : JSON.stringify(call.arguments),
                  },
                })),
        },
        finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

const errorBody = (message: string) => ({ error: { message, type: "scripted_error" } });

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
