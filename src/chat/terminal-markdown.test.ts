import { describe, expect, it } from "vitest";
import { markdownForTerminal } from "./terminal-markdown.js";

describe("markdownForTerminal", () => {
  it("drops the markup, keeps lists, quotes, code and links readable", () => {
    expect(
      markdownForTerminal(
        '**polls**\n- `/poll <question>` — Start a poll\n  - e.g. `/poll "Lunch?" a b`\n\n1. one\n2. two\n\n> quoted\n\nsee [docs](https://x.dev)',
      ),
    ).toBe(
      [
        "polls",
        "  • /poll <question> — Start a poll",
        '    • e.g. /poll "Lunch?" a b',
        "  1. one",
        "  2. two",
        "",
        "│ quoted",
        "",
        "see docs (https://x.dev)",
      ].join("\n"),
    );
  });

  it("leaves raw HTML as the text it is", () => {
    expect(markdownForTerminal("<b>hi</b> *there*")).toBe("<b>hi</b> there");
  });
});
