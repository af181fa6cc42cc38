const COMMAND_NAME = /^[a-z][a-z0-9_-]{0,31}$/i;

/**
 * Whether `name` can be a command name: a letter, then up to 31 letters, digits, `_` or `-`.
 * Anything else (`/123`, `/path/to`, `/ `) is ordinary chat, not a command.
 *
 * @example
 * ```ts
 * isCommandName("poll"); // true
 * isCommandName("2fa");  // false
 * ```
 */
export function isCommandName(name: string): boolean {
  return COMMAND_NAME.test(name);
}
