import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import koaCompose from "koa-compose";
import { compose } from "../../src/compose/compose.js";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import type { Context } from "../../src/runtime/context.js";
import { createContext } from "../../src/runtime/create-context.js";
import { createDispatcher } from "../../src/skill/dispatcher.js";
import { defineSkill } from "../../src/skill/skill.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { fullPipelineMiddleware } from "../agent-host/full-pipeline.js";
import { fmt } from "../lib/format.js";
import { median, summarize } from "../lib/stats.js";
import { printTable } from "../lib/table.js";
import { fakeEvent } from "../pipeline/fake-event.js";
import { type EventRun, measureEvents } from "../pipeline/measure-events.js";

export interface PipelineOptions {
  /** No-op middleware in every chain. */
  middleware: number;
  /** Measured time per row, split over `rounds`. */
  durationMs: number;
  /** Unmeasured time per row and round first. */
  warmupMs: number;
  /** The rows take turns this many times, so a burst of machine noise hits them all alike. */
  rounds: number;
}

const noopSkill = defineSkill({
  name: "noop",
  description: "Handles every text by doing nothing",
  setup(skill) {
    skill.on("text", () => {});
  },
});

/**
 * Scenario c: events per second through the middleware engine alone, in process, no network.
 * koa-compose runs the same no-op middleware as the baseline; then Switchboard's `compose`,
 * the skill router, a fresh context per event (as the runtime builds one), and the real
 * inbound middleware over a memory and a SQLite store.
 *
 * @example
 * await pipelineMicro({ middleware: 5, durationMs: 1500, warmupMs: 300 });
 */
export async function pipelineMicro(options: PipelineOptions): Promise<void> {
  const sqliteDir = mkdtempSync(join(tmpdir(), "switchboard-bench-pipeline-"));
  const sqlite = createSqliteStore({ path: join(sqliteDir, "store.sqlite") });
  try {
    const compared = chains(options.middleware, createMemoryStore(), sqlite);
    const runs = compared.map((): EventRun[] => []);
    const stretch = { warmupMs: options.warmupMs, durationMs: options.durationMs / options.rounds };
    for (let round = 0; round < options.rounds; round++) {
      for (const [i, [, handle]] of compared.entries()) {
        runs[i]!.push(await measureEvents(handle, stretch));
      }
    }
    const rows = compared.map(([label], i) => ({ label, rate: rateOf(runs[i]!) }));
    const base = rows[0]!.rate;
    printTable(
      `c. Pipeline micro-benchmark (${options.middleware} no-op middleware, in process)`,
      rows.map(({ label, rate }) => ({
        chain: label,
        events: fmt.int(rate.events),
        "events/s (median round)": fmt.rate(rate.perSecond),
        "p50 µs": rate.micros.p50.toFixed(2),
        "p99 µs": rate.micros.p99.toFixed(2),
        "events/s ÷ base": fmt.ratio(rate.perSecond, base.perSecond),
      })),
      [
        `Rows take turns ${options.rounds} times (${options.warmupMs} ms unmeasured, then ${Math.round(options.durationMs / options.rounds)} ms measured each), one event at a time (each awaited); µs percentiles are over every event.`,
        "Rows 1–3 reuse one context; from row 4 on, each event gets a fresh context (pino child logger, store view) as in the runtime.",
        "The skill router gives the skill its own context view per event (another child logger) and checks the text for a command.",
        "Rows 5–6: telemetry counts here as its span middleware only; its log line and metrics per event hang off the runtime's settled event, which scenarios a, b and d include.",
      ],
    );
  } finally {
    await sqlite.close();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

/** The chains compared, each as a function that handles one event. */
function chains(count: number, memory: Store, sqlite: Store): Array<[string, () => Promise<void>]> {
  const noops: MiddlewareFn<Context>[] = Array.from({ length: count }, () => async (_ctx, next) => {
    await next();
  });
  const skill = noopSkill();
  const handler: MiddlewareFn<Context> = async () => {};
  const routerOver = (store: Store) => {
    const { services } = fakeEvent(store);
    return createDispatcher([skill], {
      actions: services.actions,
      onError: (error) => {
        throw error;
      },
    }).middleware;
  };
  const fresh = (store: Store) => {
    const event = fakeEvent(store);
    return () => createContext(event.services, { ...event, source: "stream" });
  };
  const shared = fresh(memory)();
  const koa = koaCompose<Context>([...noops, handler]);
  const engine = compose([...noops, handler]);
  const routed = compose([...noops, routerOver(memory)]);
  const withMemory = compose([...fullPipelineMiddleware(memory), ...noops, routerOver(memory)]);
  const withSqlite = compose([...fullPipelineMiddleware(sqlite), ...noops, routerOver(sqlite)]);
  const memoryContext = fresh(memory);
  const sqliteContext = fresh(sqlite);
  return [
    ["1. koa-compose + handler (baseline)", () => koa(shared)],
    ["2. compose + handler", () => engine(shared)],
    ["3. compose + skill router", () => routed(shared)],
    ["4. row 3 + new context per event", () => routed(memoryContext())],
    ["5. row 4 + telemetry, filters, rate limit (memory store)", () => withMemory(memoryContext())],
    ["6. row 4 + telemetry, filters, rate limit (SQLite store)", () => withSqlite(sqliteContext())],
  ];
}

/** Median events/s over the rounds, and the per-event distribution over all of them. */
function rateOf(runs: readonly EventRun[]) {
  return {
    events: runs.reduce((total, run) => total + run.events, 0),
    perSecond: median(runs.map((run) => (run.events / run.elapsedMs) * 1000)),
    micros: summarize(runs.flatMap((run) => run.micros)),
  };
}
