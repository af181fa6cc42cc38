// Imported first by the CLI and by createAgent: it must itself load on any Node (no node:sqlite,
// no syntax newer than Node 18), so that an old Node gets this one line instead of
// "No such built-in module: node:sqlite".

/** The oldest Node that runs Switchboard: built-in SQLite, and TypeScript agents by type stripping. */
export const MINIMUM_NODE_VERSION = "22.18.0";

const parse = (version: string): number[] =>
  version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);

/**
 * The one line to show when this Node is too old, or `undefined` when it will do.
 *
 * @example
 * nodeVersionProblem("20.20.2"); // "switchboard needs Node.js >= 22.18.0; this is Node.js 20.20.2. …"
 */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  const have = parse(version);
  const need = parse(MINIMUM_NODE_VERSION);
  for (let i = 0; i < need.length; i++) {
    const difference = (have[i] ?? 0) - (need[i] ?? 0);
    if (difference > 0) return undefined;
    if (difference < 0) {
      return `switchboard needs Node.js >= ${MINIMUM_NODE_VERSION}; this is Node.js ${version}. Install a newer Node (e.g. \`nvm install 22\`) and run it again.`;
    }
  }
  return undefined;
}

/** Thrown by `createAgent` on a Node older than {@link MINIMUM_NODE_VERSION}; its message is one line. */
export class UnsupportedNodeError extends Error {
  readonly code = "SB_ERR_NODE_VERSION";
  override name = "UnsupportedNodeError";
}

/**
 * Throws {@link UnsupportedNodeError} on a Node older than {@link MINIMUM_NODE_VERSION}.
 *
 * @example
 * assertSupportedNode(); // first line of createAgent
 */
export function assertSupportedNode(version?: string): void {
  const problem = nodeVersionProblem(version);
  if (problem) throw new UnsupportedNodeError(problem);
}
