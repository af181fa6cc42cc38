import { parseArgs } from "node:util";
import { z } from "zod";
import { SwitchboardError } from "../../src/errors/switchboard-error.js";

/**
 * Parses `--name value` flags with node:util `parseArgs`, then validates and coerces them with
 * `schema`, whose keys are the flag names and whose `.describe()` texts make `--help`.
 * Unknown flags and bad values throw `SB_ERR_CONFIG_INVALID`; `--help` prints usage and exits.
 *
 * @example
 * const flags = parseFlags("npm run bench:devnode --", z.object({ rounds: intFlag(100, "round trips") }));
 * flags.rounds; // number
 */
export function parseFlags<Shape extends z.ZodRawShape>(
  usage: string,
  schema: z.ZodObject<Shape>,
  argv: readonly string[] = process.argv.slice(2),
): z.output<z.ZodObject<Shape>> {
  const names = Object.keys(schema.shape);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
        help: { type: "boolean" as const },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new SwitchboardError("SB_ERR_CONFIG_INVALID", (cause as Error).message, { cause });
  }
  if (values.help) {
    console.log(`usage: ${usage} [flags]\n`);
    for (const name of names) {
      console.log(
        `  --${name.padEnd(22)} ${(schema.shape[name] as z.ZodType | undefined)?.description ?? ""}`,
      );
    }
    process.exit(0);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `--${issue.path.join(".")}: ${issue.message}`,
    );
    throw new SwitchboardError("SB_ERR_CONFIG_INVALID", `bad flags: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/**
 * An integer flag with a default and bounds.
 *
 * @example
 * z.object({ rounds: intFlag(100, "round trips per sender", { min: 1 }) })
 */
export function intFlag(
  fallback: number,
  description: string,
  { min = 0, max = 1_000_000 }: { min?: number; max?: number } = {},
) {
  return z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .default(fallback)
    .describe(`${description} (default ${fallback})`);
}

/**
 * A comma-separated list flag, each item validated by `item`.
 *
 * @example
 * z.object({ sizes: listFlag(z.coerce.number().int().min(2), "2,5,10", "group sizes") })
 */
export function listFlag<T>(item: z.ZodType<T>, fallback: string, description: string) {
  const split = (text: string) =>
    text
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
  return z
    .preprocess(
      (value) => split(typeof value === "string" ? value : fallback),
      z.array(item).min(1),
    )
    .describe(`${description} (default ${fallback})`);
}
