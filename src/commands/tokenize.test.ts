import { describe, expect, it } from "vitest";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import { tokenize, UnterminatedQuoteError } from "./tokenize.js";

describe("tokenize", () => {
  it("splits on whitespace and groups quoted text", () => {
    expect(tokenize(`"Lunch?" pizza 'sushi bar' "say \\"hi\\""`)).toEqual([
      "Lunch?",
      "pizza",
      "sushi bar",
      'say "hi"',
    ]);
  });

  it("returns no arguments for empty or blank text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("   \t\n  ")).toEqual([]);
  });

  it("collapses runs of whitespace, including tabs, newlines and no-break spaces", () => {
    expect(tokenize("  a \t\tb\n\nc\u00A0d  ")).toEqual(["a", "b", "c", "d"]);
  });

  it("keeps newlines and spacing inside quotes", () => {
    expect(tokenize(`"line one\nline  two" x`)).toEqual(["line one\nline  two", "x"]);
  });

  it("accepts the curly quotes phones type", () => {
    expect(tokenize("“Lunch today?” ‘sushi bar’ pizza")).toEqual([
      "Lunch today?",
      "sushi bar",
      "pizza",
    ]);
  });

  it("lets any quote of a family close it", () => {
    expect(tokenize(`“mixed" ”also”`)).toEqual(["mixed", "also"]);
  });

  it("treats quotes inside words as literal", () => {
    expect(tokenize(`don't don’t 5'11"`)).toEqual(["don't", "don’t", `5'11"`]);
  });

  it("does not end a single-quoted argument at an apostrophe", () => {
    expect(tokenize(`'it's fine' ‘it’s fine’`)).toEqual(["it's fine", "it’s fine"]);
  });

  it("joins text touching a closing double quote, like a shell", () => {
    expect(tokenize(`"a b"c "x",`)).toEqual(["a bc", "x,"]);
  });

  it("produces empty arguments for empty quotes", () => {
    expect(tokenize(`"" '' x`)).toEqual(["", "", "x"]);
  });

  it("escapes quotes and backslashes but leaves other backslashes alone", () => {
    expect(tokenize(`\\"quoted\\" C:\\Users a\\\\b 'it\\'s'`)).toEqual([
      '"quoted"',
      "C:\\Users",
      "a\\b",
      "it's",
    ]);
    expect(tokenize("trailing\\")).toEqual(["trailing\\"]);
  });

  it("keeps unicode and emoji intact", () => {
    expect(tokenize(`🍕 "寿司 🍣 bar" café 👩‍👩‍👧 'naïve'`)).toEqual([
      "🍕",
      "寿司 🍣 bar",
      "café",
      "👩‍👩‍👧",
      "naïve",
    ]);
  });

  it("reports an unterminated quote with its position and code", () => {
    const text = `pizza "Lunch? sushi`;
    let caught: unknown;
    try {
      tokenize(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnterminatedQuoteError);
    expect(isSwitchboardError(caught, "SB_ERR_COMMAND_SYNTAX")).toBe(true);
    const error = caught as UnterminatedQuoteError;
    expect(error.position).toBe(6);
    expect(error.quote).toBe('"');
    expect(error.message).toBe(`Missing closing quote for: "Lunch? sushi`);
  });

  it("reports unterminated curly and single quotes", () => {
    expect(() => tokenize("a “open")).toThrow(expect.objectContaining({ position: 2, quote: "“" }));
    expect(() => tokenize("'it's")).toThrow(UnterminatedQuoteError);
    expect(() => tokenize(`"ends with escape\\"`)).toThrow(UnterminatedQuoteError);
  });

  it("shortens long excerpts in the message without splitting emoji", () => {
    const error = captureError(() => tokenize(`"${"🍕".repeat(40)}`));
    expect(error.message).toBe(`Missing closing quote for: "${"🍕".repeat(23)}…`);
  });

  it("handles 10 KB of input quickly", () => {
    const words = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? `"w ${i}"` : `w${i}`));
    const text = words.join(" ");
    const padded = `${text} ${"x".repeat(10_240 - text.length - 1)}`;
    expect(padded.length).toBe(10_240);

    const started = performance.now();
    const tokens = tokenize(padded);
    expect(performance.now() - started).toBeLessThan(100);
    expect(tokens).toHaveLength(1001);
    expect(tokens[0]).toBe("w 0");
    expect(tokens[1]).toBe("w1");
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an error");
}
