import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import koaCompose from "koa-compose";
import { compose } from "../../src/compose/compose.js";
import type { Middleware, MiddlewareFn } from "../../src/compose/middleware.js";
import type { Context } from "../../src/runtime/context.js";
import { createContext } from "../../src/runtime/create-context.js";
import { createDispatcher } from "../../src/skill/dispatcher.js";
import { defineSkill } from "../../src/skill/skill.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { builtinChain } from "../agent-host/full-pipeline.js";
import { fmt } from "../lib/format.js";
import type { Goals } from "../lib/goals.js";
import { median, type Spread, spreadOf, summarize } from "../lib/stats.js";
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
  /** Rounds; each gives one ratio per row. */
  rounds: number;
}

/**
 * Within a round the rows take turns this many times, in short slices, and each slice is
 * compared with the baseline's slice next to it: a burst of load (a preemption on a busy
 * machine) then spoils a slice or two, which the median sets aside, instead of a whole round.
 */
const SLICES = 10;

const noopSkill = defineSkill({
  name: "noop",
  description: "Handles every text by doing nothing",
  setup(skill) {
    skill.on("text", () => {});
  },
});

/**
 * Scenario c: events per second through the middleware engine alone, in process, no network.
 * koa-compose runs the same no-op middleware as the baseline; then Switchboard's `compose` as
 * a production agent runs it (`NODE_ENV=production`) and with its development checks, the
 * skill router, a fresh context per event (as the runtime builds one), and the built-in
 * inbound middleware over a memory and a SQLite store.
 *
 * @example
 * await pipelineMicro({ middleware: 10, durationMs: 1500, warmupMs: 100, rounds: 5 }, goals);
 */
export async function pipelineMicro(options: PipelineOptions, goals: Goals): Promise<void> {
  const sqliteDir = mkdtempSync(join(tmpdir(), "switchboard-bench-pipeline-"));
  const sqlite = createSqliteStore({ path: join(sqliteDir, "store.sqlite") });
  try {
    const compared = chains(options.middleware, createMemoryStore(), sqlite);
    const runs = compared.map((): EventRun[][] => []);
    const slice = { warmupMs: 0, durationMs: options.durationMs / options.rounds / SLICES };
    for (let round = 0; round < options.rounds; round++) {
      for (const [, handle] of compared) {
        await measureEvents(handle, { warmupMs: options.warmupMs, durationMs: 0 });
      }
      for (const list of runs) list.push([]);
      for (let turn = 0; turn < SLICES; turn++) {
        for (const [i, [, handle]] of compared.entries()) {
          runs[i]![round]!.push(await measureEvents(handle, slice));
        }
      }
    }
    const rows = compared.map(([label], i) => ({
      label,
      rate: rateOf(runs[i]!),
      ratio: ratioOf(runs[i]!, runs[0]!),
    }));
    printTable(
      `c. Pipeline micro-benchmark (${options.middleware} no-op middleware, in process)`,
      rows.map(({ label, rate, ratio }) => ({
        chain: label,
        events: fmt.int(rate.events),
        "events/s (median round)": fmt.rate(rate.perSecond),
        "p50 µs": rate.micros.p50.toFixed(2),
        "p99 µs": rate.micros.p99.toFixed(2),
        "÷ koa-compose, per round": fmt.spread(ratio),
      })),
      [
        `${options.rounds} rounds; in each, ${options.warmupMs} ms unmeasured per row, then the rows take turns ${SLICES} times for ${fmt.ms(slice.durationMs)} each. A row's ratio in a round is the median of its slices ÷ the baseline slice run just before; events run one at a time (each awaited); µs percentiles are over every event.`,
        "Row 3 is compose with its development checks on (NODE_ENV unset): it also catches a missing `await next()`, at a promise per level. Agents run with NODE_ENV=production (row 2); both catch a second next().",
        "Rows 1–4 reuse one context; from row 5 on, each event gets a fresh context as in the runtime (its child logger and store view are built only when used).",
        "Rows 6–7: telemetry counts here as its span middleware only; its log line and metrics per event hang off the runtime's settled event, which scenarios a, b and d include.",
      ],
    );
    goals.ratioAtLeast(
      `compose, ${options.middleware} no-op middleware ÷ koa-compose`,
      rows[1]!.ratio,
      1,
    );
    goals.add({
      goal: "compose with development checks (info)",
      target: "—",
      measured: rows[2]!.ratio,
      met: false,
      info: true,
      note: "NODE_ENV≠production: also catches a missing await",
    });
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
  const engine = composeIn("production", [...noops, handler]);
  const checked = composeIn(undefined, [...noops, handler]);
  const routed = composeIn("production", [...noops, routerOver(memory)]);
  const withMemory = composeIn("production", [
    ...builtinChain(memory),
    ...noops,
    routerOver(memory),
  ]);
  const withSqlite = composeIn("production", [
    ...builtinChain(sqlite),
    ...noops,
    routerOver(sqlite),
  ]);
  const memoryContext = fresh(memory);
  const sqliteContext = fresh(sqlite);
  return [
    ["1. koa-compose + handler (baseline)", () => koa(shared)],
    ["2. compose + handler (production)", () => engine(shared)],
    ["3. compose + handler (development checks)", () => checked(shared)],
    ["4. row 2 + skill router", () => routed(shared)],
    ["5. row 4 + new context per event", () => routed(memoryContext())],
    ["6. row 5 + telemetry span, rate limit (memory store)", () => withMemory(memoryContext())],
    ["7. row 5 + telemetry span, rate limit (SQLite store)", () => withSqlite(sqliteContext())],
  ];
}

/** `compose` as it is built when `NODE_ENV` is `env` (compose reads it once, when called). */
function composeIn(env: string | undefined, middleware: Middleware<Context>[]) {
  const saved = process.env.NODE_ENV;
  if (env === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = env;
  try {
    return compose(middleware);
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}

const perSecond = (run: EventRun) => (run.events / run.elapsedMs) * 1000;

/** Per round, the median over its slices of events/s ÷ the baseline's slice beside it. */
function ratioOf(rounds: readonly EventRun[][], base: readonly EventRun[][]): Spread {
  return spreadOf(
    rounds.map((slices, round) =>
      median(slices.map((run, turn) => perSecond(run) / perSecond(base[round]![turn]!))),
    ),
  );
}

/** Median events/s over the rounds, and the per-event distribution over all of them. */
function rateOf(rounds: readonly EventRun[][]) {
  const runs = rounds.flat();
  return {
    events: runs.reduce((total, run) => total + run.events, 0),
    perSecond: median(rounds.map((slices) => median(slices.map(perSecond)))),
    micros: summarize(runs.flatMap((run) => run.micros)),
  };
}
