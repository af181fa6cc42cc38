/**
 * `npm run bench -- [flags]`: Switchboard with its production defaults against a bare
 * agent-sdk agent, both live at once on one devnode (in its own process), and `compose`
 * against koa-compose; every figure is a median over interleaved rounds, printed with its
 * range, and each goal of issue 14 is printed as met or missed. `--help` lists the flags.
 * `SWITCHBOARD_BENCH_QUICK=1` shrinks every scenario for a smoke run of a couple of minutes.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { configSchema } from "../src/config/config-schema.js";
import { spawnAgent } from "./agent-host/spawn-agent.js";
import { type AgentPair, type Senders, statsOf } from "./lib/agent-pair.js";
import { ensureDevnode } from "./lib/devnode.js";
import { printEnvironment, printLoadAtEnd } from "./lib/environment.js";
import { intFlag, listFlag, parseFlags } from "./lib/flags.js";
import { fmt } from "./lib/format.js";
import { Goals } from "./lib/goals.js";
import { mapLimit } from "./lib/map-limit.js";
import { runMain } from "./lib/run-main.js";
import { createUsers, disposeUsers } from "./lib/users.js";
import { addedLatency } from "./scenarios/added-latency.js";
import { ioThroughput } from "./scenarios/io-throughput.js";
import { memory } from "./scenarios/memory.js";
import { pipelineMicro } from "./scenarios/pipeline.js";

const quick = z
  .enum(["", "0", "1"])
  .default("")
  .transform((value) => value === "1")
  .parse(process.env.SWITCHBOARD_BENCH_QUICK);
/** Full run defaults, then the quick run's. */
const pick = (full: number, smoke: number) => (quick ? smoke : full);

const flagsSchema = z.object({
  only: listFlag(z.enum(["a", "b", "c", "d"]), "a,b,c,d", "scenarios to run"),
  rounds: intFlag(pick(7, 5), "interleaved rounds of every scenario", { min: 1, max: 100 }),
  "latency-senders": intFlag(pick(4, 2), "a: senders asking at once", { min: 1, max: 50 }),
  "latency-per-round": intFlag(pick(20, 3), "a: round trips per sender and agent and round", {
    min: 1,
  }),
  "latency-warmup": intFlag(pick(3, 1), "a: unmeasured round trips first"),
  "io-conversations": intFlag(pick(50, 10), "b: conversations (one sender each)", {
    min: 1,
    max: 500,
  }),
  "io-messages": intFlag(4, "b: messages per conversation", { min: 1 }),
  "io-ms": intFlag(50, "b: the skill's simulated I/O wait in ms", { max: 10_000 }),
  "pipeline-middleware": intFlag(10, "c: no-op middleware per chain", { max: 100 }),
  "pipeline-ms": intFlag(pick(2500, 700), "c: measured ms per chain, over all rounds", {
    min: 100,
  }),
  "pipeline-warmup-ms": intFlag(100, "c: unmeasured ms per chain and round"),
  "memory-messages": intFlag(pick(10_000, 500), "d: messages each agent handles", { min: 1 }),
  "memory-senders": intFlag(pick(40, 10), "d: senders (one group with both agents each)", {
    min: 1,
  }),
  "memory-timeout-s": intFlag(600, "d: give up waiting for a round after this", { min: 1 }),
  twin: z
    .enum(["0", "1"])
    .default("0")
    .transform((value) => value === "1")
    .describe(
      "1: compare agent-sdk with a second agent-sdk agent instead of Switchboard, to see how far the ratios stray when nothing differs (default 0)",
    ),
  concurrency: intFlag(0, "Switchboard's SWITCHBOARD_CONCURRENCY (0: its production default)", {
    max: 256,
  }),
});

/** Keep the agents' logs (their stdout) and CPU profiles here; a temporary dir otherwise. */
const outputDir = z.string().min(1).optional().parse(process.env.SWITCHBOARD_BENCH_LOG_DIR);
/** `1`: run the Switchboard agent under `node --cpu-prof`, its profile written to the log dir. */
const cpuProfile = process.env.SWITCHBOARD_BENCH_CPU_PROF === "1";

runMain(async () => {
  const flags = parseFlags("npm run bench --", flagsSchema);
  const goals = new Goals();
  const logDir = outputDir ?? mkdtempSync(join(tmpdir(), "switchboard-bench-logs-"));
  mkdirSync(logDir, { recursive: true });
  const timed = async (work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    console.log(`  (took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  const networked = flags.only.filter((scenario) => scenario !== "c");
  const devnode = networked.length > 0 ? await ensureDevnode() : undefined;
  printEnvironment({
    mode: quick ? "quick (SWITCHBOARD_BENCH_QUICK=1): a smoke run, not for BENCHMARKS.md" : "full",
    devnode: devnode?.description ?? "not needed",
    scenarios: flags.only.join(","),
    compared: flags.twin
      ? "agent-sdk with a second agent-sdk agent (--twin 1): every ratio should be 1.00"
      : "Switchboard with agent-sdk",
    rounds: String(flags.rounds),
    "agent logs": logDir,
  });
  try {
    if (flags.only.includes("c")) {
      await timed(() =>
        pipelineMicro(
          {
            middleware: flags["pipeline-middleware"],
            durationMs: flags["pipeline-ms"],
            warmupMs: flags["pipeline-warmup-ms"],
            rounds: flags.rounds,
          },
          goals,
        ),
      );
    }
    if (networked.length > 0) await networkScenarios(flags, logDir, goals, timed);
    goals.print();
    printLoadAtEnd();
  } finally {
    await devnode?.stop();
    if (!outputDir) rmSync(logDir, { recursive: true, force: true });
  }
});

async function networkScenarios(
  flags: z.output<typeof flagsSchema>,
  logDir: string,
  goals: Goals,
  timed: (work: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const agents: AgentPair = [
    await spawnAgent(
      "agent-sdk (baseline)",
      { framework: "agent-sdk" },
      { logFile: join(logDir, "agent-sdk.log") },
    ),
    await spawnAgent(
      flags.twin ? "agent-sdk (twin)" : "switchboard",
      flags.twin
        ? { framework: "agent-sdk" }
        : { framework: "switchboard", concurrency: flags.concurrency || undefined },
      {
        logFile: join(logDir, "switchboard.log"),
        cpuProfileDir: cpuProfile ? logDir : undefined,
      },
    ),
  ];
  const idle = await statsOf(agents, true);
  const count = Math.max(
    flags.only.includes("a") ? flags["latency-senders"] : 0,
    flags.only.includes("b") ? flags["io-conversations"] : 0,
    flags.only.includes("d") ? flags["memory-senders"] : 0,
  );
  const users = await createUsers(count);
  try {
    const senders: Senders = {
      users,
      dms: await mapLimit(users, 4, async (user) => {
        const [base, switchboard] = await Promise.all(
          agents.map((agent) => user.dmWith(agent.address)),
        );
        return [base!, switchboard!] as const;
      }),
    };
    if (flags.only.includes("a")) {
      await timed(() =>
        addedLatency(
          agents,
          senders,
          {
            senders: flags["latency-senders"],
            rounds: flags.rounds,
            perRound: flags["latency-per-round"],
            warmup: flags["latency-warmup"],
          },
          goals,
        ),
      );
    }
    if (flags.only.includes("b")) {
      await timed(() =>
        ioThroughput(
          agents,
          senders,
          {
            conversations: flags["io-conversations"],
            messages: flags["io-messages"],
            ioMs: flags["io-ms"],
            rounds: flags.rounds,
            concurrency: flags.concurrency || configSchema.parse({}).SWITCHBOARD_CONCURRENCY,
          },
          goals,
        ),
      );
    }
    if (flags.only.includes("d")) {
      await timed(() =>
        memory(
          agents,
          senders,
          idle,
          {
            messages: flags["memory-messages"],
            rounds: flags.rounds,
            senders: flags["memory-senders"],
            timeoutMs: flags["memory-timeout-s"] * 1000,
          },
          goals,
        ),
      );
    }
  } finally {
    await Promise.all(agents.map((agent) => agent.stop()));
    await disposeUsers(users);
    for (const agent of agents) {
      console.log(`  ${agent.label} wrote ${fmt.int(statSync(agent.logFile).size)} bytes of logs`);
    }
  }
}
