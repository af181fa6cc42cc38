/**
 * The playground's only way of turning message text into HTML. Messages come from anyone in the
 * conversation, so everything is HTML-escaped before any markup is added, and the only markup
 * added is a fixed set of tags (`p br strong em code pre ul ol li blockquote h3-h6 a`) whose one
 * attribute, a link's `href`, must be http(s) or mailto. The page also sends a strict CSP.
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes the five characters that can open a tag, an entity or leave a quoted attribute.
 *
 * @example
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/**
 * Plain text as HTML: escaped, line breaks kept.
 *
 * @example
 * renderText("a <b>\nc"); // "a &lt;b&gt;<br>c"
 */
export function renderText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

/**
 * Markdown as chat apps render it: paragraphs (single newlines kept as breaks), `-`/`*`/`+` and
 * `1.` lists, `#` headings, `>` quotes, fenced code blocks, and inline `**bold**`, `*italic*`,
 * `_italic_`, `` `code` ``, `[text](https://link)` and backslash escapes. Anything else stays
 * literal text; a link to any other scheme (`javascript:`...) keeps its text and loses its link.
 *
 * @example
 * renderMarkdown("**Lunch?**\n- pizza\n- sushi");
 * // "<p><strong>Lunch?</strong></p><ul><li>pizza</li><li>sushi</li></ul>"
 */
export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "") {
      index++;
      continue;
    }
    if (/^\s*```/.test(line)) {
      const end = findIndex(lines, index + 1, (next) => /^\s*```\s*$/.test(next));
      const code = lines.slice(index + 1, end === -1 ? lines.length : end);
      blocks.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      index = end === -1 ? lines.length : end + 1;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // Chat bubbles are small: `#` is the largest heading that fits, h3.
      const level = Math.min(6, heading[1]!.length + 2);
      blocks.push(`<h${level}>${renderInline(heading[2]!)}</h${level}>`);
      index++;
      continue;
    }
    const block = BLOCKS.find((candidate) => candidate.pattern.test(line));
    if (block) {
      const items: string[] = [];
      while (index < lines.length && block.pattern.test(lines[index]!)) {
        items.push(lines[index]!.replace(block.pattern, ""));
        index++;
      }
      blocks.push(block.render(items));
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && startsParagraphLine(lines[index]!)) {
      paragraph.push(lines[index]!);
      index++;
    }
    blocks.push(`<p>${paragraph.map(renderInline).join("<br>")}</p>`);
  }
  return blocks.join("");
}

/** Runs of lines that form one block: each line's marker is stripped, the rest rendered inline. */
const BLOCKS = [
  {
    pattern: /^\s*[-*+]\s+/,
    render: (items: string[]) =>
      `<ul>${items.map((item) => `<li>${renderInline(item)}</li>`).join("")}</ul>`,
  },
  {
    pattern: /^\s*\d{1,9}[.)]\s+/,
    render: (items: string[]) =>
      `<ol>${items.map((item) => `<li>${renderInline(item)}</li>`).join("")}</ol>`,
  },
  {
    pattern: /^\s*>\s?/,
    render: (items: string[]) => `<blockquote>${items.map(renderInline).join("<br>")}</blockquote>`,
  },
];

function startsParagraphLine(line: string): boolean {
  return (
    line.trim() !== "" &&
    !/^\s*```/.test(line) &&
    !/^#{1,6}\s/.test(line) &&
    !BLOCKS.some((block) => block.pattern.test(line))
  );
}

function findIndex(lines: string[], from: number, predicate: (line: string) => boolean): number {
  for (let index = from; index < lines.length; index++) if (predicate(lines[index]!)) return index;
  return -1;
}

/**
 * Inline markup. Code spans and backslash escapes are set aside as placeholders first, so no
 * later rule can restyle them, then the rest is escaped and the emphasis and link rules run on
 * text that can no longer contain a tag.
 */
function renderInline(text: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  // A NUL typed by someone must not be mistaken for a placeholder.
  let out = text.replace(/[\uE000\uE001]/g, "");
  out = out.replace(/`([^`]+)`/g, (_match, code: string) =>
    hold(`<code>${escapeHtml(code)}</code>`),
  );
  out = out.replace(/\\([!-/:-@[-`{-~])/g, (_match, char: string) => hold(escapeHtml(char)));
  out = escapeHtml(out);
  // A destination may hold one level of balanced parentheses, as Wikipedia links do.
  out = out.replace(
    /\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g,
    (_match, label: string, href: string) =>
      SAFE_HREF.test(href)
        ? hold(`<a href="${href}" target="_blank" rel="noopener noreferrer">${emphasis(label)}</a>`)
        : label,
  );
  out = emphasis(out);
  return out.replace(/\uE000(\d+)\uE001/g, (_match, slot: string) => restore(held, Number(slot)));
}

/** Escaped text can hold `&amp;` but never a quote or `<`, so an href built from it stays put. */
const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\s]+$/i;

function emphasis(html: string): string {
  return (
    html
      .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, "$1<strong>$2</strong>")
      // Italics never span a tag the bold rule added, so tags always nest.
      .replace(/\*(?=[^\s*])([^*<]*?[^\s<])\*/g, "<em>$1</em>")
      .replace(/(^|[^\w])_(?=[^\s_])([^_<]*?[^\s<])_(?!\w)/g, "$1<em>$2</em>")
  );
}

/** Placeholders can nest (a link label holding code): restore until none is left. */
function restore(held: string[], slot: number): string {
  return (held[slot] ?? "").replace(/\uE000(\d+)\uE001/g, (_match, inner: string) =>
    restore(held, Number(inner)),
  );
}
