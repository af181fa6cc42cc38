import { createContext, Script } from "node:vm";

// One context for the process: a run only reads `patterns` and `text`, set just before it,
// and runs are synchronous, so they cannot interleave.
const sandbox = createContext({ patterns: [] as readonly RegExp[], text: "" });
const firstMatching = new Script("patterns.findIndex((pattern) => pattern.test(text))");

/**
 * The index of the first pattern that matches `text` (-1 for none), or "timeout" when the
 * patterns took longer than `timeoutMs` between them. V8 runs regexes on a backtracking
 * engine that cannot be interrupted from JavaScript; `vm`'s watchdog can interrupt it, for
 * about half a millisecond per call, so all of a message's patterns share one call.
 *
 * @example
 * firstMatch([/spam/iu, /scam/iu], "no scam here", 100); // 1
 */
export function firstMatch(
  patterns: readonly RegExp[],
  text: string,
  timeoutMs: number,
): number | "timeout" {
  if (patterns.length === 0) return -1;
  sandbox.patterns = patterns;
  sandbox.text = text;
  try {
    return firstMatching.runInContext(sandbox, { timeout: timeoutMs }) as number;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "timeout";
    throw error;
  } finally {
    sandbox.text = "";
    sandbox.patterns = [];
  }
}
