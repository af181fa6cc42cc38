import { createRequire } from "node:module";

/**
 * Unicode's confusables mapping (confusables.txt, as the `unhomoglyph` package ships it):
 * each character that looks like another, mapped to its prototype. Read from the package's
 * data file because its own function also remaps ASCII, which this module must not (below).
 */
const UNICODE_CONFUSABLES: Record<string, string> = createRequire(import.meta.url)(
  "unhomoglyph/data.json",
);

/**
 * The table {@link foldConfusables} uses: every non-ASCII entry of Unicode's mapping, with its
 * prototype written the way ASCII text writes it. ASCII itself is never remapped, so admins'
 * words and patterns match text as they typed it. Unicode's prototypes stand for ASCII
 * look-alike classes, hence two corrections: "rn" is the prototype of `m` (so a look-alike of
 * `m` becomes `m`), and `l` is the prototype of `l`, `I`, `1` and `|` (so an upper-case
 * look-alike such as Greek `Ι` or Cyrillic `Ӏ` becomes `I`, which case folding makes `i`).
 */
const FOLD = new Map(
  Object.entries(UNICODE_CONFUSABLES).flatMap(([from, to]) => {
    if (isAscii(from)) return [];
    const upper = from !== from.toLowerCase();
    const prototype = upper && to === "l" ? "I" : to.replaceAll("rn", "m");
    return [[from, prototype]];
  }),
);

/**
 * Replaces every non-ASCII character that Unicode lists as confusable with its prototype:
 * Cyrillic `а`, Greek `ο` or Cherokee `Ꭺ` become `a`, `o`, `A`. Case-sensitive, so run it
 * before case folding: Cyrillic `В` looks like `B`, while its lower case `в` looks like no
 * Latin letter.
 *
 * @example
 * foldConfusables("cаsinо"); // "casino" (the а and о were Cyrillic)
 */
export function foldConfusables(text: string): string {
  return text.replace(NON_ASCII, (char) => FOLD.get(char) ?? char);
}

const NON_ASCII = /[^\0-\x7F]/gu;

function isAscii(text: string): boolean {
  return !/[^\0-\x7F]/.test(text);
}
