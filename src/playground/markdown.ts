import MarkdownIt from "markdown-it";

/**
 * The playground's only way of turning message text into HTML: markdown-it with raw HTML off,
 * so everything anyone types is escaped, and the output held to a fixed set of tags
 * (`p br strong em s code pre ul ol li blockquote hr h3-h6 a`). A link's one attribute, its
 * `href`, must be http(s) or mailto; links open in a new tab. The page also sends a strict CSP.
 */
const markdown = new MarkdownIt("default", { html: false, linkify: true, breaks: true })
  // Tables and images do not fit a chat bubble; `![x](url)` stays text.
  .disable(["table", "image"]);

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
markdown.validateLink = (url) => SAFE_HREF.test(url.trim());

markdown.renderer.rules.link_open = (tokens, index, options, _env, self) => {
  tokens[index]!.attrSet("target", "_blank");
  tokens[index]!.attrSet("rel", "noopener noreferrer");
  return self.renderToken(tokens, index, options);
};

// Chat bubbles are small: `#` is the largest heading that fits, h3.
for (const rule of ["heading_open", "heading_close"] as const) {
  markdown.renderer.rules[rule] = (tokens, index, options, _env, self) => {
    const token = tokens[index]!;
    token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    return self.renderToken(tokens, index, options);
  };
}

/**
 * Escapes the five characters that can open a tag, an entity or leave a quoted attribute.
 *
 * @example
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Plain text as HTML: escaped, line breaks kept. For content that is not a message body.
 *
 * @example
 * renderText("a <b>\nc"); // "a &lt;b&gt;<br>c"
 */
export function renderText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

/**
 * Markdown as chat apps render it (single newlines kept as breaks), by markdown-it; the same
 * parser words messages for the terminal (see `markdownForTerminal`).
 *
 * @example
 * renderMarkdown("**Lunch?**\n- pizza\n- sushi");
 * // "<p><strong>Lunch?</strong></p>\n<ul>\n<li>pizza</li>\n<li>sushi</li>\n</ul>\n"
 */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

/**
 * One line of markdown without its paragraph: for reply quotes, which show an excerpt of the
 * quoted message styled as the message itself is.
 *
 * @example
 * renderMarkdownInline("**pizza**: 2 votes"); // "<strong>pizza</strong>: 2 votes"
 */
export function renderMarkdownInline(text: string): string {
  return markdown.renderInline(text);
}
