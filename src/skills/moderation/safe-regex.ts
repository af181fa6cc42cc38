import { RE2JS, RE2JSSyntaxException } from "re2js";
import { normalizeText } from "./normalize-text.js";

/** Longer patterns are refused: a blocked-word pattern has no business being an essay. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * The largest compiled program accepted. Matching is linear in the text whatever the pattern,
 * but the engine's fallback costs up to one step per instruction per character, so this bounds
 * the constant: `[ab]*a[ab]{200}` (205) is fine, `\w{1000}\w{1000}` (2002) is refused.
 */
export const MAX_PROGRAM_SIZE = 500;

/** A compiled user pattern: RE2 syntax, case-insensitive, matched in linear time. */
export type UserPattern = RE2JS;

/** The outcome of {@link compileUserRegex}. */
export type UserRegex = { ok: true; regex: UserPattern } | { ok: false; error: string };

/**
 * Compiles a pattern an admin typed into the chat with RE2 (the `re2js` port), an engine that
 * matches in time linear in the text, with no backtracking: no pattern it accepts can stall the
 * agent or run out of time, so every pattern sees the whole message. Patterns are
 * case-insensitive and use RE2 syntax, which is JavaScript's minus what needs backtracking.
 * Refused, with a one-line reason: backreferences and lookaround (the engine cannot express
 * them), invalid syntax, patterns over {@link MAX_PATTERN_LENGTH} characters or
 * {@link MAX_PROGRAM_SIZE} instructions, and letters no normalized message contains (`é`; see
 * `normalize-text.ts`).
 *
 * @example
 * compileUserRegex("fr[e3]{2} money"); // { ok: true, regex }
 * compileUserRegex("(a)\\1"); // { ok: false, error: "backreferences (\\1, \\k<name>) ..." }
 */
export function compileUserRegex(pattern: string): UserRegex {
  let result = compiled.get(pattern);
  if (!result) {
    result = compile(pattern);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(pattern, result);
  }
  return result;
}

// Rules are read from the store for every message, so their patterns are compiled once.
const compiled = new Map<string, UserRegex>();
const MAX_CACHED = 1_000;

function compile(pattern: string): UserRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: `patterns are limited to ${MAX_PATTERN_LENGTH} characters` };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) throw error;
    return { ok: false, error: explainSyntaxError(error) };
  }
  if (regex.programSize() > MAX_PROGRAM_SIZE) {
    return {
      ok: false,
      error: `that pattern is too large to check quickly (${regex.programSize()} steps, at most ${MAX_PROGRAM_SIZE}); use smaller repeat counts`,
    };
  }
  const folded = foldedLetter(pattern);
  if (folded) {
    return {
      ok: false,
      error: `messages are checked in normalized form, where "${folded.from}" reads "${folded.to}": write "${folded.to}"`,
    };
  }
  return { ok: true, regex };
}

/** Says why RE2 refused a pattern, in words an admin can act on. */
function explainSyntaxError(error: RE2JSSyntaxException): string {
  const input = error.input ?? "";
  if (/^\\(?:[1-9]|k)/.test(input)) {
    return "backreferences (\\1, \\k<name>) are not supported: they cannot be matched in linear time";
  }
  if (/^\(\?<?[=!]/.test(input)) {
    return "lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: they cannot be matched in linear time; \\b marks word edges";
  }
  return `invalid regex: ${error.error ?? error.message}${input ? `: ${input}` : ""}`;
}

/**
 * The first non-ASCII character of `pattern` that normalization changes (beyond case), which
 * the pattern would then never meet in a message.
 */
function foldedLetter(pattern: string): { from: string; to: string } | undefined {
  for (const char of pattern) {
    if (char <= "\x7F") continue;
    const to = normalizeText(char);
    if (to !== char.toLowerCase()) return { from: char, to };
  }
  return undefined;
}
