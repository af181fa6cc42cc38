import { SwitchboardError } from "../errors/switchboard-error.js";

/** Quote characters by family; phones turn `"` and `'` into the curly forms as you type. */
const DOUBLE_QUOTES = new Set(['"', "\u201C", "\u201D", "\u201E"]); // " “ ” „
const SINGLE_QUOTES = new Set(["'", "\u2018", "\u2019"]); // ' ‘ ’
const WHITESPACE = /\s/;
const STARTS_WITH_WORD_CHAR = /^[\p{L}\p{N}]/u;

type QuoteFamily = "double" | "single";

/**
 * Thrown by {@link tokenize} when a quote is opened and never closed. `position` is the UTF-16
 * index of the opening quote in the tokenized text, so `text.slice(position)` shows the culprit.
 *
 * @example
 * ```ts
 * try { tokenize('"Lunch? pizza'); } catch (e) {
 *   if (e instanceof UnterminatedQuoteError) e.position; // 0
 * }
 * ```
 */
export class UnterminatedQuoteError extends SwitchboardError<"SB_ERR_COMMAND_SYNTAX"> {
  readonly position: number;
  readonly quote: string;

  constructor(text: string, position: number) {
    const excerpt = Array.from(text.slice(position));
    const shown = excerpt.length > 24 ? `${excerpt.slice(0, 24).join("")}…` : excerpt.join("");
    super("SB_ERR_COMMAND_SYNTAX", `Missing closing quote for: ${shown}`);
    this.position = position;
    this.quote = text.charAt(position);
  }
}

/**
 * Splits a command's argument text into arguments, shell-style but forgiving of chat habits:
 *
 * - Any Unicode whitespace (spaces, tabs, newlines) separates arguments; runs of it count once.
 * - A quote at the start of an argument groups text: `"…"`, `'…'`, and the curly `“…”`, `‘…’`
 *   phones produce (any member of a family closes it). `""` is an empty argument.
 * - A quote inside a word is literal, so `don't`, `don’t` and `5'11"` need no escaping.
 * - A single quote only closes when not followed by a letter or digit, so `'it's fine'` works.
 * - `\` escapes a quote or a backslash anywhere; before anything else it is literal, so
 *   `C:\Users` survives.
 *
 * @throws {@link UnterminatedQuoteError} when a quote never closes.
 * @example
 * ```ts
 * tokenize(`"Lunch?" pizza 'sushi bar' "say \\"hi\\""`);
 * // ["Lunch?", "pizza", "sushi bar", 'say "hi"']
 * ```
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  // `undefined` between arguments, so an empty quoted argument ("") still counts as one.
  let token: string | undefined;
  let open: { family: QuoteFamily; position: number } | undefined;

  // Walking UTF-16 code units is safe: every delimiter is a single BMP unit, and surrogate
  // halves of emoji are copied through in order.
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    const next = text.charAt(i + 1);
    if (char === "\\" && (next === "\\" || quoteFamily(next) !== undefined)) {
      token = (token ?? "") + next;
      i++;
    } else if (open !== undefined) {
      if (closesQuote(open.family, text, i)) open = undefined;
      else token = (token ?? "") + char;
    } else if (WHITESPACE.test(char)) {
      if (token !== undefined) tokens.push(token);
      token = undefined;
    } else {
      const opening = token === undefined ? quoteFamily(char) : undefined;
      if (opening === undefined) {
        token = (token ?? "") + char;
      } else {
        open = { family: opening, position: i };
        token = "";
      }
    }
  }

  if (open !== undefined) throw new UnterminatedQuoteError(text, open.position);
  if (token !== undefined) tokens.push(token);
  return tokens;
}

function quoteFamily(char: string): QuoteFamily | undefined {
  if (DOUBLE_QUOTES.has(char)) return "double";
  if (SINGLE_QUOTES.has(char)) return "single";
  return undefined;
}

function closesQuote(family: QuoteFamily, text: string, index: number): boolean {
  if (quoteFamily(text.charAt(index)) !== family) return false;
  // An apostrophe inside a word (it's, don’t) must not end a single-quoted argument.
  return family === "double" || !STARTS_WITH_WORD_CHAR.test(text.slice(index + 1, index + 3));
}
