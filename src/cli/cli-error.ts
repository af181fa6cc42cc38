import { ZodError } from "zod";

/** A mistake on the command line: shown as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  readonly code = "SB_ERR_USAGE";
  override name = "UsageError";
}

const PARSE_ARGS_PATTERNS: Array<[RegExp, (match: RegExpMatchArray) => string]> = [
  [/^Unknown option '([^']+)'/, (m) => `unknown option ${m[1]}`],
  [/^Unexpected argument '([^']+)'/, (m) => `unexpected argument ${m[1]}`],
  [/^Option '(-[^' ]+)[^']*' argument (missing|is ambiguous)/, (m) => `${m[1]} needs a value`],
  [/^Option '(-[^' ]+)[^']*' does not take an argument/, (m) => `${m[1]} takes no value`],
];

/**
 * The one line that tells the user what they typed wrong, naming the culprit, or `undefined`
 * when `error` is not a command-line mistake (node:util parseArgs, zod option schemas, ours).
 *
 * @example
 * describeUsageError(error); // "unknown option --prot"
 */
export function describeUsageError(error: unknown): string | undefined {
  if (error instanceof UsageError) return error.message;
  if (error instanceof ZodError) {
    return error.issues
      .map((issue) =>
        issue.path.length > 0 ? `--${issue.path.join(".")}: ${issue.message}` : issue.message,
      )
      .join("; ");
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS") || typeof message !== "string")
    return undefined;
  for (const [pattern, describe] of PARSE_ARGS_PATTERNS) {
    const match = message.match(pattern);
    if (match) return describe(match);
  }
  return message.split(". ")[0];
}
