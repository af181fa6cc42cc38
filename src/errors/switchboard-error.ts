import { type ErrorCode, errorCodes } from "./error-codes.js";

/** Options for {@link SwitchboardError}: the underlying cause and structured context. */
export interface SwitchboardErrorOptions {
  /** The error that caused this one, kept for stack traces. */
  cause?: unknown;
  /**
   * Structured data for logs and handlers (which conversation, which argument...).
   * It is logged, so it must never hold secrets.
   */
  context?: unknown;
}

/**
 * The one error class Switchboard throws. Handlers branch on {@link SwitchboardError.code}
 * (see {@link isSwitchboardError}); the message is for humans and may change.
 *
 * @example
 * ```ts
 * throw new SwitchboardError("SB_ERR_PERMISSION_DENIED", "Only admins can close a poll", {
 *   context: { command: "close" },
 * });
 * ```
 */
export class SwitchboardError<Code extends ErrorCode = ErrorCode> extends Error {
  override name = "SwitchboardError";
  readonly code: Code;
  readonly context: unknown;

  /** @param message - defaults to the code's description in {@link errorCodes} */
  constructor(
    code: Code,
    message: string = errorCodes[code],
    options: SwitchboardErrorOptions = {},
  ) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.context = options.context;
  }
}

/**
 * Whether `error` is a {@link SwitchboardError}, optionally with a given code. Narrows the code
 * type, so `error.code` is the literal afterwards.
 *
 * @example
 * ```ts
 * if (isSwitchboardError(error, "SB_ERR_COMMAND_ARGS")) await ctx.reply(error.message);
 * ```
 */
export function isSwitchboardError<Code extends ErrorCode = ErrorCode>(
  error: unknown,
  code?: Code,
): error is SwitchboardError<Code> {
  return error instanceof SwitchboardError && (code === undefined || error.code === code);
}
