import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  renderMarkdown,
  renderMarkdownInline,
  renderText,
} from "../../src/playground/markdown.js";
import type { Poll } from "../../src/skills/polls/poll.js";
import { renderResults } from "../../src/skills/polls/render-results.js";

/** Every tag the renderer may emit, with the only attributes it may carry. */
const ALLOWED_TAG =
  /^<\/?(p|br|strong|em|s|code|pre|ul|ol|li|blockquote|hr|h[3-6])>$|^<a href="(https?:\/\/|mailto:)[^"<>]*" target="_blank" rel="noopener noreferrer">$|^<\/a>$/i;

/** Fails with the offending tag when the output holds anything the allowlist does not know. */
function expectOnlyAllowedTags(html: string): void {
  for (const tag of html.match(/<[^>]*>?/g) ?? []) expect(tag).toMatch(ALLOWED_TAG);
}

const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](data:text/html,<script>alert(1)</script>)",
  "[click](vbscript:msgbox(1))",
  '[click](https://example.com/"onmouseover="alert(1))',
  "[click](https://example.com/'onmouseover='alert(1))",
  "[**<svg onload=alert(1)>**](https://example.com)",
  "`<script>alert(1)</script>`",
  "```\n</code></pre><script>alert(1)</script>\n```",
  "**<iframe src=javascript:alert(1)>**",
  "*<style>body{display:none}</style>*",
  "\\<script\\>alert(1)\\</script\\>",
  "- <b onclick=alert(1)>item</b>\n1. <i>x</i>",
  "> <object data=x></object>",
  "# <h1>big</h1>",
  "&lt;script&gt; &#60;script&#62; &#x3C;",
  "\u0000 0 \u0000<script>\u00000\u0000",
  "[x](https://a.com)<!-- comment --><![CDATA[x]]>",
  "<<script>script>alert(1)<</script>/script>",
];

/** markdown-it ends block tags with a newline; content never holds a bare `<` or `>`. */
const compact = (html: string) => html.replace(/\n(?=<)|(?<=>)\n/g, "");

describe("renderMarkdown (markdown-it, raw HTML off)", () => {
  it.each(XSS_PAYLOADS)("never emits a tag or attribute outside the allowlist: %s", (payload) => {
    const html = renderMarkdown(payload);
    expectOnlyAllowedTags(html);
    expect(html).not.toMatch(/<(script|img|iframe|svg|style|object)/i);
    expect(html).not.toMatch(/href="(?!https?:\/\/|mailto:)/i);
  });

  it("keeps dangerous link targets as text without a link", () => {
    expect(compact(renderMarkdown("[click](javascript:alert(1)) [x](data:,hi)"))).toBe(
      "<p>[click](javascript:alert(1)) [x](data:,hi)</p>",
    );
    expect(compact(renderMarkdown("[wiki](https://en.wikipedia.org/wiki/Pizza_(dish))"))).toBe(
      '<p><a href="https://en.wikipedia.org/wiki/Pizza_(dish)" target="_blank" rel="noopener noreferrer">wiki</a></p>',
    );
  });

  it("cannot break out of an href with quotes", () => {
    const html = renderMarkdown('[x](https://e.com/"onclick="alert(1))');
    expect(html).toContain('href="https://e.com/%22onclick=%22alert(1)" target');
    expectOnlyAllowedTags(html);
  });

  it("renders bold, italic, code, links and escapes", () => {
    expect(compact(renderMarkdown("**bold** and *it* and _it_ and `a*b*c` \\*not\\*"))).toBe(
      "<p><strong>bold</strong> and <em>it</em> and <em>it</em> and <code>a*b*c</code> *not*</p>",
    );
    expect(
      compact(renderMarkdown("see [docs](https://x.dev/a?b=1&c=2) or [mail](mailto:a@b.c)")),
    ).toBe(
      '<p>see <a href="https://x.dev/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a>' +
        ' or <a href="mailto:a@b.c" target="_blank" rel="noopener noreferrer">mail</a></p>',
    );
  });

  it("leaves snake_case and lone stars alone", () => {
    expect(compact(renderMarkdown("call snake_case_name with 2 * 3 * 4"))).toBe(
      "<p>call snake_case_name with 2 * 3 * 4</p>",
    );
  });

  it("renders lists, headings, quotes, code blocks and paragraphs", () => {
    expect(
      compact(
        renderMarkdown(
          "# Title\nline one\nline two\n\n- a\n- **b**\n\n1. one\n2. two\n> quoted\n```\nx < y\n```",
        ),
      ),
    ).toBe(
      "<h3>Title</h3><p>line one<br>line two</p><ul><li>a</li><li><strong>b</strong></li></ul>" +
        "<ol><li>one</li><li>two</li></ol><blockquote><p>quoted</p></blockquote><pre><code>x &lt; y</code></pre>",
    );
  });

  it("renders a reply quote's excerpt inline, the same way", () => {
    expect(renderMarkdownInline("**pizza**: 2 votes <b>")).toBe(
      "<strong>pizza</strong>: 2 votes &lt;b&gt;",
    );
  });

  it("renders the polls skill's tally, whose labels are markdown-escaped", () => {
    const poll: Poll = {
      conversationId: "c",
      number: 1,
      question: "Lunch <today>?",
      options: ["pizza*", "su_shi"],
      creatorInboxId: "x",
      createdAt: 0,
      votes: { a: 0, b: 0, c: 1 },
    };
    const rendered = renderMarkdown(renderResults(poll, 0));
    expectOnlyAllowedTags(rendered);
    expect(rendered).toContain("<strong>Lunch &lt;today&gt;?</strong>");
    // The labels' markdown characters were escaped by the skill and come out literal.
    expect(rendered).toMatch(/<li><code>[█░]+<\/code> <strong>pizza\*<\/strong>: 2 votes/);
    expect(rendered).toMatch(/<li><code>[█░]+<\/code> <strong>su_shi<\/strong>: 1 vote/);
  });
});

describe("renderText and escapeHtml", () => {
  it("escape every character that could open markup", () => {
    expect(escapeHtml(`<a href="x" title='y'>&`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;",
    );
    expect(renderText("**not bold** <b>\nnext")).toBe("**not bold** &lt;b&gt;<br>next");
  });
});
