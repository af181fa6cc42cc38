import { cpus, freemem, loadavg, totalmem } from "node:os";
import { fmt } from "./format.js";

/**
 * Prints where the numbers come from: Node version, CPUs, memory and load, so a reader can
 * tell a slow machine from a slow framework.
 *
 * @example
 * printEnvironment({ devnode: "reused on 127.0.0.1:5556" });
 */
export function printEnvironment(extra: Record<string, string> = {}): void {
  const cpuList = cpus();
  const facts: Record<string, string> = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? "unknown"}`,
    memory: `${fmt.mb(totalmem())} total, ${fmt.mb(freemem())} free`,
    "load average (1/5/15 min)": loadAverages(),
    ...extra,
  };
  const width = Math.max(...Object.keys(facts).map((key) => key.length));
  console.log("# Environment\n");
  for (const [key, value] of Object.entries(facts)) console.log(`${key.padEnd(width)}  ${value}`);
}

/** The load averages over 1, 5 and 15 minutes, as `uptime` prints them. */
function loadAverages(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
}

/**
 * Prints the machine's load as the run ends: the run's own work shows in the 1-minute figure,
 * anything else that ran meanwhile in all three.
 *
 * @example
 * printLoadAtEnd();
 */
export function printLoadAtEnd(): void {
  console.log(
    `\nload average at the end (1/5/15 min): ${loadAverages()} (${new Date().toISOString()})`,
  );
}
