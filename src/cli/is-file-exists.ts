/** True for the error `fs` throws when an exclusive create (`flag: "wx"`) meets an existing file. */
export function isFileExists(error: unknown): boolean {
  return (error as { code?: unknown }).code === "EEXIST";
}
