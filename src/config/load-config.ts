import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import type { z } from "zod";
import { SwitchboardError } from "../errors/switchboard-error.js";
import { configSchema, type SwitchboardConfig, secretConfigKeys } from "./config-schema.js";
import { isFileNotFound } from "./is-file-not-found.js";

/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Variables to read; defaults to `process.env`. They win over the env file. */
  env?: NodeJS.Dict<string>;
  /** A dotenv file to read if it exists; defaults to `.env`; `false` reads none. */
  envFile?: string | false;
  /** Variables whose values must never reach the error message; defaults to {@link secretConfigKeys}. */
  secretKeys?: readonly string[];
}

/** One variable that failed validation, as listed in the error's context. */
export interface ConfigProblem {
  variable: string;
  reason: string;
}

/**
 * Reads the configuration from the environment and an optional dotenv file, and validates it.
 * The file is parsed with Node's own `util.parseEnv` (the `process.loadEnvFile` syntax) but
 * never written into `process.env`. Empty values count as unset, so `METRICS_PORT=` in a
 * template `.env` means "off" rather than "invalid port".
 *
 * @throws {@link SwitchboardError} `SB_ERR_CONFIG_INVALID` listing every bad variable and why,
 * without ever including a secret's value; its `context` is a {@link ConfigProblem} list.
 * @example
 * ```ts
 * const config = loadConfig();
 * const custom = loadConfig({ schema: configSchema.extend({ GREETING: z.string().default("gm") }) });
 * ```
 */
export function loadConfig(options?: LoadConfigOptions & { schema?: undefined }): SwitchboardConfig;
export function loadConfig<S extends z.ZodType>(
  options: LoadConfigOptions & { schema: S },
): z.output<S>;
export function loadConfig({
  env = process.env,
  envFile = ".env",
  schema = configSchema,
  secretKeys = secretConfigKeys,
}: LoadConfigOptions & { schema?: z.ZodType } = {}): unknown {
  const variables = withoutEmptyValues({ ...readEnvFile(envFile), ...env });
  const result = schema.safeParse(variables);
  if (result.success) return result.data;

  const secrets = secretKeys.flatMap((key) => variables[key] ?? []);
  const problems = describeIssues(result.error.issues).map(({ variable, reason }) => ({
    variable,
    reason: redact(reason, secrets),
  }));
  const list = problems.map(({ variable, reason }) => `  - ${variable}: ${reason}`).join("\n");
  throw new SwitchboardError("SB_ERR_CONFIG_INVALID", `Invalid configuration:\n${list}`, {
    context: problems,
  });
}

function readEnvFile(path: string | false): NodeJS.Dict<string> {
  if (path === false) return {};
  try {
    return parseEnv(readFileSync(path, "utf8"));
  } catch (error) {
    if (isFileNotFound(error)) return {};
    throw new SwitchboardError("SB_ERR_CONFIG_INVALID", `Cannot read env file ${path}`, {
      cause: error,
    });
  }
}

function withoutEmptyValues(variables: NodeJS.Dict<string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) if (value) kept[key] = value;
  return kept;
}

/** One entry per variable, its reasons joined, so each bad variable is named exactly once. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const reasons = new Map<string, string[]>();
  for (const issue of issues) {
    const variable = issue.path.length > 0 ? issue.path.map(String).join(".") : "(config)";
    reasons.set(variable, [...(reasons.get(variable) ?? []), issue.message]);
  }
  return [...reasons].map(([variable, messages]) => ({ variable, reason: messages.join("; ") }));
}

/**
 * zod's built-in messages never echo input, but an agent's custom message might, so secret
 * values are cut out of every reason as a second line of defence.
 */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((scrubbed, secret) => scrubbed.replaceAll(secret, "[redacted]"), text);
}
