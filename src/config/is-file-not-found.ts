/**
 * Whether a filesystem call failed because the file does not exist, the one failure that
 * config and identity loading treat as "nothing there yet" rather than an error.
 *
 * @example
 * ```ts
 * try { readFileSync(".env", "utf8"); } catch (error) { if (!isFileNotFound(error)) throw error; }
 * ```
 */
export function isFileNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
