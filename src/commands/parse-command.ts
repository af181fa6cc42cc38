import { isCommandName } from "./command-name.js";
import { tokenize } from "./tokenize.js";

/** A chat message recognised as a command. */
export interface CommandLine {
  /** The command name, lowercased, without prefix or `@mention`. */
  name: string;
  /** The arguments, split by {@link tokenize}. */
  args: string[];
  /** The argument text as typed (trimmed), for commands that take free text. */
  raw: string;
}

/** Options for {@link parseCommandLine}. */
export interface ParseCommandLineOptions {
  /** What starts a command; defaults to `/`. */
  prefix?: string;
  /**
   * This bot's handle. When set, `/poll@handle` is accepted and `/poll@otherbot` is ignored as
   * addressed to someone else; when unset, any `@` suffix makes the text not a command.
   */
  botMention?: string;
}

/**
 * Recognises `/name args…` in a message. Returns `undefined` for text that is not a command
 * (no prefix, an invalid name, or addressed to another bot).
 *
 * @throws {@link UnterminatedQuoteError} when the arguments leave a quote open.
 * @example
 * ```ts
 * parseCommandLine('/Poll "Lunch?" pizza sushi');
 * // { name: "poll", args: ["Lunch?", "pizza", "sushi"], raw: '"Lunch?" pizza sushi' }
 * parseCommandLine("hello"); // undefined
 * ```
 */
export function parseCommandLine(
  text: string,
  { prefix = "/", botMention }: ParseCommandLineOptions = {},
): CommandLine | undefined {
  const line = text.trimStart();
  if (!line.startsWith(prefix)) return undefined;

  const body = line.slice(prefix.length);
  const head = /^\S*/.exec(body)?.[0] ?? "";
  const [name = "", mention, ...extra] = head.split("@");
  if (!isCommandName(name) || extra.length > 0) return undefined;
  if (mention !== undefined && !isMentionOf(mention, botMention)) return undefined;

  const raw = body.slice(head.length).trim();
  return { name: name.toLowerCase(), args: tokenize(raw), raw };
}

function isMentionOf(mention: string, botMention: string | undefined): boolean {
  if (botMention === undefined) return false;
  return mention.toLowerCase() === botMention.replace(/^@/, "").toLowerCase();
}
