/**
 * `npm run bench -- [flags]`: Switchboard against a bare agent-sdk agent (and koa-compose),
 * every number printed beside a baseline measured in the same run. `--help` lists the flags.
 */
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { ensureDevnode } from "./lib/devnode.js";
import { printEnvironment } from "./lib/environment.js";
import { intFlag, listFlag, parseFlags } from "./lib/flags.js";
import { runMain } from "./lib/run-main.js";
import { addedLatency } from "./scenarios/added-latency.js";
import { ioThroughput } from "./scenarios/io-throughput.js";
import { memory } from "./scenarios/memory.js";
import { pipelineMicro } from "./scenarios/pipeline.js";

const flagsSchema = z.object({
  only: listFlag(z.enum(["a", "b", "c", "d"]), "a,b,c,d", "scenarios to run"),
  "latency-senders": intFlag(4, "a: senders asking at once", { min: 1, max: 50 }),
  "latency-rounds": intFlag(40, "a: measured round trips per sender and agent", { min: 1 }),
  "latency-warmup": intFlag(5, "a: unmeasured round trips first"),
  "io-users": intFlag(50, "b: conversations (one user each)", { min: 1, max: 500 }),
  "io-messages": intFlag(4, "b: messages per conversation", { min: 1 }),
  "io-ms": intFlag(50, "b: the skill's simulated I/O wait in ms", { max: 10_000 }),
  concurrency: intFlag(64, "b: Switchboard concurrency of the second run", { min: 1, max: 256 }),
  "pipeline-middleware": intFlag(5, "c: no-op middleware per chain", { max: 100 }),
  "pipeline-ms": intFlag(1500, "c: measured ms per chain, over all rounds", { min: 100 }),
  "pipeline-warmup-ms": intFlag(100, "c: unmeasured ms per chain and round"),
  "pipeline-rounds": intFlag(5, "c: times the chains take turns", { min: 1, max: 100 }),
  "memory-messages": intFlag(10_000, "d: messages each agent handles", { min: 1 }),
  "memory-senders": intFlag(40, "d: senders (one group with both agents each)", { min: 1 }),
  "memory-timeout-s": intFlag(600, "d: give up waiting for the agents after this", { min: 1 }),
});

runMain(async () => {
  const flags = parseFlags("npm run bench --", flagsSchema);
  const needsDevnode = flags.only.some((scenario) => scenario !== "c");
  const devnode = needsDevnode ? await ensureDevnode() : undefined;
  printEnvironment({
    devnode: devnode?.description ?? "not needed",
    scenarios: flags.only.join(","),
  });
  const scenarios = {
    a: () =>
      addedLatency({
        senders: flags["latency-senders"],
        rounds: flags["latency-rounds"],
        warmup: flags["latency-warmup"],
      }),
    b: () =>
      ioThroughput({
        users: flags["io-users"],
        messages: flags["io-messages"],
        ioMs: flags["io-ms"],
        concurrency: flags.concurrency,
      }),
    c: () =>
      pipelineMicro({
        middleware: flags["pipeline-middleware"],
        durationMs: flags["pipeline-ms"],
        warmupMs: flags["pipeline-warmup-ms"],
        rounds: flags["pipeline-rounds"],
      }),
    d: () =>
      memory({
        messages: flags["memory-messages"],
        senders: flags["memory-senders"],
        timeoutMs: flags["memory-timeout-s"] * 1000,
      }),
  };
  try {
    for (const scenario of flags.only) {
      const started = performance.now();
      await scenarios[scenario]();
      console.log(`  (took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await devnode?.stop();
  }
});
