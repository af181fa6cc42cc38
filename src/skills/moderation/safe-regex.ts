/** Longer patterns are refused: a blocked-word pattern has no business being an essay. */
export const MAX_PATTERN_LENGTH = 200;

/** Every user pattern is compiled with these: case-insensitive, strict Unicode syntax. */
export const USER_REGEX_FLAGS = "iu";

/** The outcome of {@link compileUserRegex}. */
export type UserRegex = { ok: true; regex: RegExp } | { ok: false; error: string };

/**
 * Compiles a pattern an admin typed into the chat, or says why not: too long, invalid, or
 * shaped for catastrophic backtracking (see {@link findBacktrackingRisk}). This is the first
 * of two defences; the second is that patterns only ever run under a time budget
 * (`regex-sandbox.ts`), because polynomial blow-ups such as `.*.*x` cannot be ruled out
 * statically without refusing ordinary patterns.
 *
 * @example
 * compileUserRegex("fr[e3]{2} money"); // { ok: true, regex: /fr[e3]{2} money/iu }
 * compileUserRegex("(a+)+$"); // { ok: false, error: "nested quantifiers ..." }
 */
export function compileUserRegex(pattern: string): UserRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: `patterns are limited to ${MAX_PATTERN_LENGTH} characters` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, USER_REGEX_FLAGS);
  } catch (error) {
    const detail = (error as Error).message.replace(
      /^Invalid regular expression: \/.*\/\w*: /s,
      "",
    );
    return { ok: false, error: `invalid regex: ${detail}` };
  }
  const risk = findBacktrackingRisk(pattern);
  return risk ? { ok: false, error: risk } : { ok: true, regex };
}

interface Group {
  /** Holds a quantifier (even `?`) somewhere inside. */
  quantified: boolean;
  /** Holds a top-level `|`. */
  alternates: boolean;
}

/**
 * Finds the shapes that make a backtracking engine take exponential time, in a pattern that
 * already compiles with the `u` flag: a repeated group that itself contains a quantifier
 * (`(a+)+`, `(\w*\s?)*`), a repeated alternation (`(a|ab)*`), and backreferences. It refuses
 * some harmless patterns (`(ab?)+`); a character class or an unrepeated group says the same.
 *
 * @example
 * findBacktrackingRisk("(x+x+)+y"); // "nested quantifiers such as (a+)+ can take exponential time"
 * findBacktrackingRisk("\\bspam\\b"); // undefined
 */
export function findBacktrackingRisk(pattern: string): string | undefined {
  const groups: Group[] = [{ quantified: false, alternates: false }];
  // The group just closed, when the next token could quantify it.
  let closed: Group | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    const current = groups.at(-1)!;
    const quantifier = readQuantifier(pattern, i);
    if (quantifier) {
      if (closed && quantifier.repeats && closed.quantified) {
        return "nested quantifiers such as (a+)+ can take exponential time";
      }
      if (closed && quantifier.repeats && closed.alternates) {
        return "a repeated alternation such as (a|ab)* can take exponential time; use a character class";
      }
      current.quantified = true;
      i = quantifier.end;
      closed = undefined;
      continue;
    }
    closed = undefined;
    if (char === "\\") {
      const next = pattern.charAt(i + 1);
      if (/[1-9k]/.test(next)) return "backreferences (\\1, \\k<name>) are not allowed";
      i = skipEscape(pattern, i);
    } else if (char === "[") {
      i = skipClass(pattern, i);
    } else if (char === "(") {
      groups.push({ quantified: false, alternates: false });
      i = skipGroupPrefix(pattern, i);
    } else if (char === ")") {
      const inner = groups.pop()!;
      groups.at(-1)!.quantified ||= inner.quantified;
      closed = inner;
    } else if (char === "|") {
      current.alternates = true;
    }
  }
  return undefined;
}

/** A quantifier starting at `i`: where it ends (lazy `?` included) and whether it can repeat. */
function readQuantifier(pattern: string, i: number): { end: number; repeats: boolean } | undefined {
  const char = pattern.charAt(i);
  let end = i;
  let repeats: boolean;
  if (char === "*" || char === "+") repeats = true;
  else if (char === "?") repeats = false;
  else if (char === "{") {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!braces) return undefined;
    const max = braces[2] === undefined ? Number(braces[1]) : Number(braces[3] || Infinity);
    repeats = max > 1;
    end = i + braces[0].length - 1;
  } else return undefined;
  if (pattern.charAt(end + 1) === "?") end++;
  return { end, repeats };
}

/** The index of the last character of the escape starting at `i`. */
function skipEscape(pattern: string, i: number): number {
  const next = pattern.charAt(i + 1);
  if ("pPu".includes(next) && pattern.charAt(i + 2) === "{") return pattern.indexOf("}", i);
  if (next === "u") return i + 5;
  if (next === "x") return i + 3;
  if (next === "c") return i + 2;
  return i + 1;
}

/** The index of the `]` closing the class opened at `i`. */
function skipClass(pattern: string, i: number): number {
  let j = i + 1;
  while (j < pattern.length && pattern.charAt(j) !== "]") j += pattern.charAt(j) === "\\" ? 2 : 1;
  return j;
}

/** The index of the last character of `(`, `(?:`, `(?=`, `(?<!`, `(?<name>`... */
function skipGroupPrefix(pattern: string, i: number): number {
  if (pattern.charAt(i + 1) !== "?") return i;
  const kind = pattern.charAt(i + 2);
  if (kind !== "<") return i + 2;
  const after = pattern.charAt(i + 3);
  return after === "=" || after === "!" ? i + 3 : pattern.indexOf(">", i);
}
