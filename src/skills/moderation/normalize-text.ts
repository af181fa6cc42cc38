import { foldConfusables } from "./confusables.js";

/**
 * Characters that change nothing a reader sees: zero-width spaces and joiners, soft hyphens,
 * bidi controls, tags and other format characters (`\p{Cf}`), variation selectors and the
 * rest of Default_Ignorable_Code_Point, and the combining marks that belong to no script of
 * their own (`Script=Inherited`: accents, "Zalgo" stacks, Arabic vowel points). A script's
 * own marks (Devanagari vowel signs, Hebrew points) are kept: they spell its words.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Script=Inherited}]/gu;

/**
 * The one form every moderation rule (words, patterns, links, repeats) reads a message in,
 * so that what a reader sees is what the rules see:
 * 1. Unicode compatibility decomposition (NFKD): fullwidth `ｃａｓｉｎｏ`, mathematical
 *    `𝐜𝐚𝐬𝐢𝐧𝐨`, ligatures and circled letters become plain letters, accents come apart;
 * 2. invisible characters and generic combining marks are removed (see `INVISIBLE`), so
 *    `ca\u200Bsino` and `c̷a̷s̷i̷n̷o̷` read `casino`;
 * 3. look-alikes from other scripts are folded to the ASCII letter they imitate (Unicode's
 *    confusables, {@link foldConfusables}): `cаsinо` with Cyrillic а and о reads `casino`;
 * 4. case is folded (full folding: `ß` reads `ss`), and the text is composed (NFC).
 *
 * ASCII is never remapped (`0` stays `0`, `rn` stays `rn`), so rules written in plain ASCII
 * match as written. Pure and linear in the length of the text.
 *
 * @example
 * normalizeText("Ｃａ\u200Bѕｉｎｏ"); // "casino"
 */
export function normalizeText(text: string): string {
  // Composed again before folding: the table maps whole letters, and a Hangul syllable's
  // jamo must not be folded one by one.
  const visible = text.normalize("NFKD").replace(INVISIBLE, "").normalize("NFC");
  const folded = foldConfusables(visible).toUpperCase().toLowerCase();
  // Folding can bring marks back (the dot of `İ`), so they are stripped once more.
  return folded.normalize("NFKD").replace(INVISIBLE, "").normalize("NFC");
}

/**
 * The lighter form links are also read in: compatibility-normalized and without invisible
 * characters, but with no look-alike folding, so `xmtр.org` with a Cyrillic р keeps its own
 * (punycode) host and is never taken for an allowed `xmtp.org`.
 *
 * @example
 * visibleText("evil\u200B.com"); // "evil.com"
 */
export function visibleText(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "");
}
