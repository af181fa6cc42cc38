import { fmt } from "./format.js";
import type { Spread } from "./stats.js";
import { printTable } from "./table.js";

/** One goal of issue 14 and what this run measured for it. */
export interface GoalResult {
  goal: string;
  /** The target, as the issue words it, e.g. "≤ 1.05×". */
  target: string;
  /** The measurement over rounds; `met` is judged on its median. */
  measured: Spread;
  met: boolean;
  /** How to print the measurement; ratios (`1.024×`) by default. */
  format?: (value: number) => string;
  note?: string;
  /** Shown for context; not a goal of the issue, so neither met nor missed. */
  info?: boolean;
}

/**
 * The goals a run measured, collected as scenarios finish and printed last with met/missed.
 *
 * @example
 * goals.ratioAtMost("CPU per message", cpuRatios, 1.05);
 * goals.print();
 */
export class Goals {
  readonly results: GoalResult[] = [];

  add(result: GoalResult): void {
    this.results.push(result);
  }

  /** A ratio to the bare agent whose median must not exceed `limit`. */
  ratioAtMost(goal: string, measured: Spread, limit: number, note?: string): void {
    this.add({
      goal,
      target: `≤ ${limit.toFixed(2)}×`,
      measured,
      met: measured.median <= limit,
      note,
    });
  }

  /** A ratio to the bare agent whose median must reach `floor`. */
  ratioAtLeast(goal: string, measured: Spread, floor: number, note?: string): void {
    this.add({
      goal,
      target: `≥ ${floor.toFixed(2)}×`,
      measured,
      met: measured.median >= floor,
      note,
    });
  }

  print(): void {
    const goals = this.results.filter((result) => !result.info);
    printTable(
      "Goals of issue 14 (median of the rounds; range in brackets)",
      this.results.map((result) => ({
        goal: result.goal,
        target: result.target,
        measured: fmt.spread(result.measured, result.format ?? precise),
        verdict: verdictOf(result),
        note: result.note ?? "",
      })),
      [
        `${goals.filter((r) => r.met).length} of ${goals.length} goals met in this run.`,
        "Ratios are Switchboard ÷ the bare agent-sdk agent measured in the same rounds (compose ÷ koa-compose).",
      ],
    );
  }
}

function verdictOf(result: GoalResult): string {
  if (result.info) return "info";
  if (Number.isNaN(result.measured.median)) return "not measured";
  return result.met ? "met" : "MISSED";
}

/** Three decimals, so a verdict never contradicts its rounded figure (0.996 is not "1.00"). */
const precise = (value: number) => (Number.isFinite(value) ? `${value.toFixed(3)}×` : "n/a");
