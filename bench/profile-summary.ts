/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N]`: where a CPU profile of an
 * agent process (`SWITCHBOARD_BENCH_CPU_PROF=1 npm run bench`) spent its time. Prints the
 * functions with the most self time, and the share of busy time spent inside each part of the
 * stack (a sample counts for every part on its stack, so shares overlap).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { intFlag, parseFlags } from "./lib/flags.js";
import { runMain } from "./lib/run-main.js";
import { printTable } from "./lib/table.js";

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type ProfileNode = z.infer<typeof profileSchema>["nodes"][number];

const SQLITE = /src\/store\/sqlite-store/;

/**
 * Parts of an agent's stack, by where the code lives; the first matching pattern names a frame.
 * The indented rows split the SQLite store's time by its nearest caller among them.
 */
const PARTS: Array<[string, RegExp]> = [
  ["SQLite store (node:sqlite)", SQLITE],
  ["  SQLite for the rate limit (mod)", /middleware\/rate-limit\//],
  ["  SQLite for claims (once)", /src\/runtime\/message-claims/],
  ["  SQLite for the handled ledger (once)", /src\/runtime\/handled-ledger/],
  ["logging (pino, sonic-boom)", /node_modules\/(pino|sonic-boom|pino-std-serializers)\//],
  [
    "telemetry (span, prom-client, event log)",
    /middleware\/telemetry\/|node_modules\/prom-client\//,
  ],
  ["outbound pacing", /middleware\/outbound-pacing\//],
  ["compose", /src\/compose\//],
  ["skill router", /src\/skill\//],
  ["Switchboard runtime", /src\/runtime\//],
  ["agent-sdk", /node_modules\/@xmtp\/agent-sdk\//],
  ["node-sdk", /node_modules\/@xmtp\/node-sdk\//],
  ["zod", /node_modules\/zod\//],
  ["garbage collector", /^\(garbage collector\)$/],
];
const IDLE = new Set(["(idle)", "(program)", "(root)"]);

const flagsSchema = z.object({ top: intFlag(25, "functions listed by self time", { min: 1 }) });

runMain(async () => {
  const file = process.argv[2];
  const flags = parseFlags(
    "npx tsx bench/profile-summary.ts <file.cpuprofile>",
    flagsSchema,
    process.argv.slice(3),
  );
  if (!file) throw new Error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile>");
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const stackOf = (id: number) => {
    const frames: ProfileNode["callFrame"][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      frames.push(byId.get(at)!.callFrame);
    }
    return frames;
  };
  const self = new Map<string, number>();
  const inside = new Map<string, number>();
  let busy = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) return;
    busy += micros;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + micros);
    const parts = new Set<string>();
    let sqliteCaller = !stackOf(id).some((frame) => SQLITE.test(frame.url));
    for (const frame of stackOf(id)) {
      const part = PARTS.find(([, pattern]) => pattern.test(frame.url || frame.functionName));
      if (!part) continue;
      const isCaller = part[0].startsWith("  ");
      if (isCaller && sqliteCaller) continue;
      sqliteCaller ||= isCaller;
      parts.add(part[0]);
    }
    for (const part of parts) inside.set(part, (inside.get(part) ?? 0) + micros);
  });

  const share = (micros: number) => `${((micros / busy) * 100).toFixed(1)}%`;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0)} ms`;
  console.log(`${file}\nbusy ${ms(busy)} of ${ms(total)} sampled`);
  printTable(
    "Busy time inside each part of the stack (overlapping)",
    PARTS.map(([part]) => ({
      part,
      time: ms(inside.get(part) ?? 0),
      share: share(inside.get(part) ?? 0),
    })),
  );
  printTable(
    `Top ${flags.top} functions by self time`,
    [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, flags.top)
      .map(([name, micros]) => ({ function: name, self: ms(micros), share: share(micros) })),
  );
});

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${basename(url)}:${lineNumber + 1}` : "native";
  return `${functionName || "(anonymous)"} ${where}`;
}
