import type { PlaygroundEvent } from "../../src/playground/playground-protocol.js";
import { waitFor } from "../../src/testing/wait-for.js";

/**
 * Reads a playground's event stream the way the page does (over real HTTP) and records every
 * event, so tests can wait for one.
 *
 * @example
 * const events = await SseRecorder.open(`${playground.url}api/events`);
 * await events.waitFor((e) => e.type === "message" && e.data.kind === "actions");
 */
export class SseRecorder {
  readonly events: PlaygroundEvent[] = [];
  readonly #abort = new AbortController();

  static async open(url: string): Promise<SseRecorder> {
    const recorder = new SseRecorder();
    const response = await fetch(url, { signal: recorder.#abort.signal });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    void recorder.#read(response.body);
    return recorder;
  }

  waitFor<T extends PlaygroundEvent>(
    predicate: (event: PlaygroundEvent) => event is T,
    description: string,
  ): Promise<T>;
  waitFor(
    predicate: (event: PlaygroundEvent) => boolean,
    description: string,
  ): Promise<PlaygroundEvent>;
  waitFor(
    predicate: (event: PlaygroundEvent) => boolean,
    description: string,
  ): Promise<PlaygroundEvent> {
    return waitFor(() => this.events.find(predicate), {
      description,
      explain: () =>
        `saw ${this.events.length} events: ${this.events
          .slice(-6)
          .map((event) => `${event.type}:${JSON.stringify(event.data).slice(0, 120)}`)
          .join(" | ")}`,
    });
  }

  close(): void {
    this.#abort.abort();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          this.#frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      }
    } catch (error) {
      if ((error as Error).name !== "AbortError") throw error;
    }
  }

  #frame(frame: string): void {
    const type = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.+)$/m.exec(frame)?.[1];
    if (type && data) this.events.push({ type, data: JSON.parse(data) } as PlaygroundEvent);
  }
}
