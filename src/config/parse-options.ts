import type { z } from "zod";
import { SwitchboardError } from "../errors/switchboard-error.js";

/**
 * Validates the options a plugin factory was called with, defaults applied. Bad options are a
 * programming mistake best caught at startup, so this throws `SB_ERR_CONFIG_INVALID` naming
 * the factory and every offending option.
 *
 * @example
 * ```ts
 * const config = parseOptions(optionsSchema, options, "rateLimit");
 * // SwitchboardError: rateLimit options are invalid: perSender.points: Too small: expected …
 * ```
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  options: unknown,
  factory: string,
): z.output<Schema> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(options)"}: ${issue.message}`,
  );
  throw new SwitchboardError(
    "SB_ERR_CONFIG_INVALID",
    `${factory} options are invalid: ${problems.join("; ")}`,
  );
}
