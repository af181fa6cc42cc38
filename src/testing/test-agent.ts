import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Agent } from "../agent/agent.js";
import { type CreateAgentOptions, createAgent } from "../agent/create-agent.js";
import { configSchema, type SwitchboardConfig } from "../config/config-schema.js";
import type { SwitchboardRuntime } from "../runtime/runtime.js";

export interface TestAgentOptions
  extends Omit<CreateAgentOptions, "config" | "logDestination" | "name"> {
  name?: string;
  /** Keep state here to restart the same agent; a fresh temp dir by default. */
  dataDir?: string;
  /** Environment-style overrides, validated by the real config schema. */
  env?: Record<string, string>;
  /** Adds handlers before each start (`agent.on`, `agent.command`...), also after a restart. */
  prepare?(agent: Agent): void | Promise<void>;
}

/**
 * A real Switchboard agent on the devnode for tests: its own identity and data dir, logs
 * captured in memory (`logLines`) so tests can assert on them.
 *
 * @example
 * const bot = await TestAgent.start({ skills: [polls()] });
 * const reply = await alice.ask(await alice.dmWith(bot.address), "/help");
 * await bot.stop();
 */
export class TestAgent {
  readonly logLines: string[] = [];
  #agent: Agent | undefined;

  private constructor(
    readonly options: TestAgentOptions,
    readonly dataDir: string,
  ) {}

  static async start(options: TestAgentOptions): Promise<TestAgent> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "switchboard-agent-"));
    const testAgent = new TestAgent(options, dataDir);
    await testAgent.#boot();
    return testAgent;
  }

  get agent(): Agent {
    if (!this.#agent) throw new Error("test agent is not running");
    return this.#agent;
  }

  get runtime(): SwitchboardRuntime {
    return this.agent.runtime;
  }

  get address(): string {
    return this.agent.address;
  }

  get inboxId(): string {
    return this.agent.inboxId;
  }

  /** Drains and stops; the data dir stays for {@link restart}. */
  async stop(): Promise<void> {
    await this.#agent?.stop();
  }

  /** The same agent (identity, databases, store) started again. */
  async restart(): Promise<void> {
    await this.stop();
    await this.#boot();
  }

  async #boot(): Promise<void> {
    const config: SwitchboardConfig = configSchema.parse({
      XMTP_ENV: "local",
      SWITCHBOARD_DATA_DIR: this.dataDir,
      LOG_LEVEL: "debug",
      SWITCHBOARD_DRAIN_TIMEOUT_MS: "5000",
      // Tests send bursts no person would; a test about limits turns them back on.
      SWITCHBOARD_RATE_LIMIT_SENDER: "off",
      SWITCHBOARD_RATE_LIMIT_CONVERSATION: "off",
      SWITCHBOARD_RATE_LIMIT_GLOBAL: "off",
      ...this.options.env,
    });
    const lines = this.logLines;
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    this.#agent = await createAgent({
      ...this.options,
      name: this.options.name ?? "test-agent",
      config,
      logDestination: destination,
    });
    await this.options.prepare?.(this.#agent);
    await this.#agent.start();
  }
}
