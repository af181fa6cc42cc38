import { type ErrorCode, errorCodes } from "./error-codes.js";

/**
 * The event context an error happened in. Declared structurally here so that the error layer
 * stays below the runtime (the runtime's `Context` satisfies it).
 */
export interface ErrorContext {
  readonly event: string;
  readonly skill: string | undefined;
}

/** Options for {@link SwitchboardError}: the underlying cause, the event context and structured data. */
export interface SwitchboardErrorOptions<Ctx extends ErrorContext = ErrorContext> {
  /** The error that caused this one, kept for stack traces. */
  cause?: unknown;
  /** The event being handled when it happened (absent for errors outside any event). */
  ctx?: Ctx;
  /**
   * Structured data for logs and handlers (which conversation, which argument...).
   * It is logged, so it must never hold secrets.
   */
  context?: unknown;
}

/**
 * The one error class Switchboard throws, grammY's `BotError` and Fastify's coded errors in one:
 * handlers branch on {@link SwitchboardError.code} (see {@link isSwitchboardError}), read the
 * event it happened in from {@link SwitchboardError.ctx}; the message is for humans and may change.
 *
 * @example
 * ```ts
 * agent.catch((error) => {
 *   if (error.code === "SB_ERR_SKILL_FAILED") error.ctx?.log.warn({ err: error.cause }, "skill failed");
 * });
 * throw new SwitchboardError("SB_ERR_PERMISSION_DENIED", "Only admins can close a poll", {
 *   context: { command: "close" },
 * });
 * ```
 */
export class SwitchboardError<
  Code extends ErrorCode = ErrorCode,
  Ctx extends ErrorContext = ErrorContext,
> extends Error {
  override name = "SwitchboardError";
  readonly code: Code;
  readonly context: unknown;
  /** The event context the error happened in, when it happened while handling one. */
  readonly ctx: Ctx | undefined;

  /** @param message - defaults to the code's description in {@link errorCodes} */
  constructor(
    code: Code,
    message: string = errorCodes[code],
    options: SwitchboardErrorOptions<Ctx> = {},
  ) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.context = options.context;
    // Not enumerable: loggers serialise errors, and a context holds the client and the store.
    Object.defineProperty(this, "ctx", { value: options.ctx, enumerable: false });
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
