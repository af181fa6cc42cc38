import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createConnection } from "node:net";
import { waitFor } from "../../src/testing/wait-for.js";

/** Whether `redis-server` is on PATH (CI installs it; a laptop may not have it). */
export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

/**
 * A private redis-server (from PATH) a test may kill and restart without disturbing the shared
 * one other tests use. Started without persistence, like a default cache-only Redis, so a
 * restart comes back empty: the hardest case for the agent.
 */
export class RedisServer {
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    this.#child = child;
    this.#exited = new Promise((resolve) => child.on("exit", () => resolve()));
    await waitFor(() => this.#accepts(), {
      timeoutMs: 10_000,
      intervalMs: 50,
      description: `redis-server on port ${this.port}`,
    });
  }

  /** SIGKILL: the server vanishes mid-command, as in a crash. */
  async kill9(): Promise<void> {
    this.#child?.kill("SIGKILL");
    await this.#exited;
  }

  #accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ port: this.port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
  }
}
