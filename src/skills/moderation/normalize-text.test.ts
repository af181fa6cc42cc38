import { describe, expect, it } from "vitest";
import { foldConfusables } from "./confusables.js";
import { normalizeText, visibleText } from "./normalize-text.js";

describe("normalizeText", () => {
  it.each([
    ["plain case", "CaSiNo", "casino"],
    ["fullwidth", "ｃａｓｉｎｏ", "casino"],
    ["mathematical bold", "𝐜𝐚𝐬𝐢𝐧𝐨", "casino"],
    ["zero-width space inside", "ca\u200Bsino", "casino"],
    ["zero-width joiner, non-joiner, word joiner, BOM", "c\u200Da\u200Cs\u2060i\uFEFFno", "casino"],
    ["soft hyphen", "ca\u00ADsino", "casino"],
    ["bidi controls", "\u202Ecasino\u202C", "casino"],
    ["variation selector", "ca\uFE0Fsino", "casino"],
    ["tag characters", "cas\u{E0041}ino", "casino"],
    ["Hangul filler", "cas\u3164ino", "casino"],
    ["accents", "çäšíñó", "casino"],
    ["Zalgo marks", "c̷̢a̸͔s̴i̵n̶o͎", "casino"],
    ["Cyrillic а, е, о", "саsinо", "casino"],
    ["Cyrillic upper case", "САЅІΝО", "casino"],
    ["Greek ο, ι, α", "cαsιnο", "casino"],
    ["Greek capital iota", "ΙNFO", "info"],
    ["sharp s", "STRAßE", "strasse"],
    ["circled letters", "ⓒⓐⓢⓘⓝⓞ", "casino"],
  ])("folds %s", (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("leaves ASCII as typed, apart from case", () => {
    const ascii = "R0ck 'n' roll | 1 m% `x` \"q\"";
    expect(normalizeText(ascii)).toBe(ascii.toLowerCase());
  });

  it("keeps the marks that spell words of other scripts, and scripts without look-alikes", () => {
    expect(normalizeText("नमस्ते")).toBe("नमस्ते");
    expect(normalizeText("日本語")).toBe("日本語");
    expect(normalizeText("한국어")).toBe("한국어");
  });

  it("is idempotent", () => {
    for (const text of ["Ｃａ\u200Bѕｉｎｏ", "ΙNFO", "c̷a̸s̴"]) {
      expect(normalizeText(normalizeText(text))).toBe(normalizeText(text));
    }
  });
});

describe("foldConfusables", () => {
  it("maps look-alikes of m to m, not to Unicode's prototype rn", () => {
    expect(normalizeText(foldConfusables("\u{118E3}oney"))).toBe("money");
  });
});

describe("visibleText", () => {
  it("drops invisible characters but keeps look-alikes as written", () => {
    expect(visibleText("xmtр\u200B.org")).toBe("xmtр.org");
  });
});
