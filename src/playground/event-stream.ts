import type { ServerResponse } from "node:http";
import type { PlaygroundEvent } from "./playground-protocol.js";

const HEARTBEAT_MS = 15_000;

/**
 * The open Server-Sent Events connections of playground pages. Each event goes to every page;
 * a page filters by the user and conversation it shows, so switching needs no round trip.
 *
 * @example
 * const pages = new EventStream();
 * pages.open(response, { type: "snapshot", data: session.snapshot() });
 * pages.send({ type: "message", data: view });
 */
export class EventStream {
  readonly #clients = new Set<ServerResponse>();
  // A comment line keeps idle connections from being closed by anything in between.
  readonly #heartbeat = setInterval(() => this.#write(": keep-alive\n\n"), HEARTBEAT_MS).unref();

  /** Turns `response` into an event stream that starts with `first` (the snapshot). */
  open(response: ServerResponse, first: PlaygroundEvent): void {
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    response.write(format(first));
    this.#clients.add(response);
    response.on("close", () => this.#clients.delete(response));
  }

  send(event: PlaygroundEvent): void {
    if (this.#clients.size > 0) this.#write(format(event));
  }

  get size(): number {
    return this.#clients.size;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(chunk: string): void {
    for (const client of this.#clients) client.write(chunk);
  }
}

/** One SSE frame; JSON never holds a raw newline, so one `data:` line is enough. */
function format(event: PlaygroundEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
