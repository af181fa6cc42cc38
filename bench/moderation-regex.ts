/**
 * `npx tsx bench/moderation-regex.ts [fuzz-count]`: evidence that any pattern the moderation
 * skill accepts runs in time linear in the message. Prints, for hand-picked catastrophic shapes
 * and for random patterns the engine accepts, the time to test inputs built to hurt, of
 * 100 KB and doubling up to 800 KB (linear time doubles with each); then a whole rule book (50 rules) on a 900 KB padded message. Figures, not
 * assertions: a timed test would flake on a busy machine.
 */
import { performance } from "node:perf_hooks";
import { findContentViolation } from "../src/skills/moderation/check-content.js";
import type { Rule } from "../src/skills/moderation/rule.js";
import { compileUserRegex, type UserPattern } from "../src/skills/moderation/safe-regex.js";
import { runMain } from "./lib/run-main.js";

const KB = 1024;
/** Doubling sizes: time linear in the input doubles with each. */
const SIZES = [100 * KB, 200 * KB, 400 * KB, 800 * KB];

/** Shapes that take exponential or polynomial time on a backtracking engine. */
const CATASTROPHIC = [
  "(a+)+$",
  "(a|aa)+$",
  "(a|a?)+$",
  "(\\w+\\s?)*$",
  "(x+x+)+y",
  "[\\s\\S]*[\\s\\S]*[\\s\\S]*x$",
  ".*.*.*.*.*=.*",
  "(.*a){12}",
  "^(([a-z])+.)+[A-Z]([a-z])+$",
  "(a|b)*a[ab]{20}",
  "[ab]*a[ab]{200}",
  "(\\d+|\\d+\\.\\d+)*x",
  "cheap\\s+viagra",
];

/** Inputs that make backtracking engines struggle, `size` characters long. */
const INPUTS: Array<[string, (size: number) => string]> = [
  ["a…a!", (size) => `${"a".repeat(size - 1)}!`],
  ["ab…ab", (size) => "ab".repeat(size / 2)],
  ["words", (size) => "lorem ipsum ".repeat(size / 12).slice(0, size)],
  ["x…x", (size) => "x".repeat(size)],
  ["digits", (size) => "1.2".repeat(size / 3)],
];

/** Milliseconds for one `test` of the worst of the inputs at `size` (best of 3 runs each). */
function worstMs(regex: UserPattern, size: number): number {
  let worst = 0;
  for (const [, make] of INPUTS) {
    const input = make(size);
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      regex.test(input);
      best = Math.min(best, performance.now() - started);
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

function accepted(pattern: string): UserPattern | undefined {
  const compiled = compileUserRegex(pattern);
  return compiled.ok ? compiled.regex : undefined;
}

function handPicked(): void {
  console.log("Hand-picked catastrophic shapes (worst input, ms):");
  console.log(
    `${"pattern".padEnd(34)} ${SIZES.map((s) => `${s / KB} KB`.padStart(9)).join(" ")}  800/400`,
  );
  for (const pattern of CATASTROPHIC) {
    const regex = accepted(pattern);
    if (!regex) {
      console.log(
        `${pattern.padEnd(34)} refused: ${(compileUserRegex(pattern) as { error: string }).error}`,
      );
      continue;
    }
    const times = SIZES.map((size) => worstMs(regex, size));
    const ratio = times[3]! / Math.max(times[2]!, 0.01);
    console.log(
      `${pattern.padEnd(34)} ${times.map((t) => t.toFixed(1).padStart(9)).join(" ")}  ${ratio.toFixed(1).padStart(8)}`,
    );
  }
}

/** A random pattern from a small grammar rich in quantifiers, classes and alternation. */
function randomPattern(random: () => number, depth = 0): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const atoms = ["a", "b", "x", ".", "\\w", "\\s", "\\d", "[ab]", "[^x]", "\\S", "[\\s\\S]"];
  const quantifiers = ["", "", "*", "+", "?", "{2,}", "{1,30}", "*?", "{50}"];
  let out = "";
  const length = 1 + Math.floor(random() * 5);
  for (let i = 0; i < length; i++) {
    const atom =
      depth < 3 && random() < 0.35
        ? `(${randomPattern(random, depth + 1)}${random() < 0.4 ? `|${randomPattern(random, depth + 1)}` : ""})`
        : pick(atoms);
    out += atom + pick(quantifiers);
  }
  return depth === 0 && random() < 0.3 ? `${out}$` : out;
}

/** Deterministic, so a run can be repeated. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function fuzz(count: number): void {
  const random = seeded(12);
  const times: Array<{ pattern: string; ms: number }> = [];
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const pattern = randomPattern(random);
    const regex = accepted(pattern);
    if (!regex) {
      refused++;
      continue;
    }
    times.push({ pattern, ms: worstMs(regex, 100 * KB) });
  }
  times.sort((a, b) => a.ms - b.ms);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `\nRandom patterns: ${count} generated, ${times.length} accepted, ${refused} refused (too large or invalid).`,
  );
  console.log(
    `Worst input of 100 KB, ms: median ${at(0.5).ms.toFixed(1)}, p99 ${at(0.99).ms.toFixed(1)}, max ${times.at(-1)!.ms.toFixed(1)} (${times.at(-1)!.pattern})`,
  );
  const slowest = times.at(-1)!;
  const regex = accepted(slowest.pattern)!;
  const scaled = SIZES.map((size) => worstMs(regex, size));
  console.log(
    `The slowest one at ${SIZES.map((size) => `${size / KB}`).join(" / ")} KB: ${scaled.map((t) => t.toFixed(1)).join(" / ")} ms`,
  );
}

function ruleBook(): void {
  const rules: Rule[] = [
    { id: 1, spec: { type: "word", words: ["casino", "buy now", "free money"] } },
    { id: 2, spec: { type: "links", allow: ["xmtp.org"] } },
    ...CATASTROPHIC.map((pattern, i) => ({ id: 3 + i, spec: { type: "regex" as const, pattern } })),
  ];
  while (rules.length < 50) {
    rules.push({
      id: rules.length + 1,
      spec: { type: "regex", pattern: `spam${rules.length}\\d+` },
    });
  }
  const padded = `${"\u200B\u200C\u2060\uFEFF".repeat((900 * KB) / 12)}play casino now`;
  const started = performance.now();
  const violation = findContentViolation(rules, padded);
  const ms = performance.now() - started;
  console.log(
    `\nWhole rule book (${rules.length} rules) on a ${Math.round(Buffer.byteLength(padded) / KB)} KB zero-width-padded message: ${ms.toFixed(0)} ms, struck by rule #${violation?.rule.id}`,
  );
  // A full pass: every rule runs, none matches (patterns that match this text are left out).
  const clean = "lorem ipsum dolor sit amet ".repeat((900 * KB) / 27);
  const quiet = rules.slice(1).filter((rule) => !findContentViolation([rule], clean));
  const cleanStarted = performance.now();
  const none = findContentViolation(quiet, clean);
  console.log(
    `${quiet.length} rules that all run to the end on 900 KB of ordinary text: ${(performance.now() - cleanStarted).toFixed(0)} ms, ${none ? `rule #${none.rule.id}` : "no violation"}`,
  );
}

runMain(async () => {
  const count = Number(process.argv[2] ?? 300);
  console.log(`node ${process.version}, pattern engine re2js (RE2, linear time)\n`);
  handPicked();
  fuzz(count);
  ruleBook();
});
