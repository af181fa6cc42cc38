import { type ChildProcess, spawn } from "node:child_process";
import { waitFor } from "../../src/testing/wait-for.js";

/** An agent running in its own process, so tests can kill -9 it like a crash would. */
export class AgentProcess {
  readonly output: string[] = [];
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> | undefined;

  constructor(
    readonly script: string,
    readonly env: Record<string, string>,
  ) {}

  /** Starts the process and resolves with the agent's address once it printed READY. */
  async start(): Promise<{ address: string; inboxId: string }> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--disable-warning=ExperimentalWarning", this.script],
      {
        // AGENT_LOG_LEVEL=debug shows the agent's whole story when a reliability test fails.
        env: { ...process.env, LOG_LEVEL: process.env.AGENT_LOG_LEVEL ?? "warn", ...this.env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.#child = child;
    this.#exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk) => this.output.push(String(chunk)));
    const ready = await waitFor(
      () => this.output.join("").match(/READY (0x[0-9a-fA-F]{40}) ([0-9a-f]{64})/),
      {
        timeoutMs: 60_000,
        description: `${this.script} to be ready`,
        explain: () => this.output.join("").slice(-500),
      },
    );
    return { address: ready[1]!, inboxId: ready[2]! };
  }

  /** SIGKILL: no drain, no cleanup — a crash. */
  async kill9(): Promise<void> {
    this.#child?.kill("SIGKILL");
    await this.#exited;
  }

  /** SIGTERM: the agent drains and exits. */
  async stop(): Promise<number | null> {
    this.#child?.kill("SIGTERM");
    return (await this.#exited) ?? null;
  }
}
