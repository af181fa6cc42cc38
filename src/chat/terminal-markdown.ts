import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

const markdown = new MarkdownIt({ html: false, linkify: false, breaks: true });

/**
 * Markdown as a terminal shows it: the markup gone, lists as indented bullets or numbers,
 * quotes behind a bar, code indented, a link as its text then its address. Parsed by
 * markdown-it, as the playground renders it, so both demos read one message the same way.
 *
 * @example
 * markdownForTerminal("**polls**\n- `/poll <question>` — Start a poll");
 * // "polls\n  • /poll <question> — Start a poll"
 */
export function markdownForTerminal(text: string): string {
  const lines: string[] = [];
  /** One entry per open list: its next number, or undefined for bullets. */
  const lists: (number | undefined)[] = [];
  let quoteDepth = 0;
  let pendingBullet = "";
  const indent = () => "  ".repeat(lists.length);
  const push = (body: string) => {
    for (const line of body.split("\n")) {
      lines.push(`${"│ ".repeat(quoteDepth)}${indent()}${pendingBullet}${line}`);
      // Continuation lines of an item line up under its text.
      pendingBullet = pendingBullet && " ".repeat(pendingBullet.length);
    }
  };
  for (const token of markdown.parse(text, {})) {
    switch (token.type) {
      case "bullet_list_open":
        lists.push(undefined);
        break;
      case "ordered_list_open":
        lists.push(Number(token.attrGet("start") ?? 1));
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const next = lists.at(-1);
        pendingBullet = next === undefined ? "• " : `${next}. `;
        if (next !== undefined) lists[lists.length - 1] = next + 1;
        break;
      }
      case "list_item_close":
        pendingBullet = "";
        break;
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
      case "paragraph_open":
      case "heading_open":
        // A blank line between top-level paragraphs, as markdown means them; none inside lists.
        if (lines.length > 0 && lists.length === 0 && !token.hidden) lines.push("");
        break;
      case "inline":
        push(inlineText(token.children ?? []));
        break;
      case "fence":
      case "code_block":
        push(token.content.replace(/\n$/, "").replace(/^/gm, "    "));
        break;
      case "hr":
        push("────");
        break;
    }
  }
  return lines.join("\n");
}

function inlineText(tokens: readonly Token[]): string {
  let out = "";
  let href: string | undefined;
  for (const token of tokens) {
    switch (token.type) {
      case "text":
      case "code_inline":
        out += token.content;
        break;
      case "softbreak":
      case "hardbreak":
        out += "\n";
        break;
      case "link_open":
        href = token.attrGet("href") ?? undefined;
        break;
      case "link_close":
        if (href) out += ` (${href})`;
        href = undefined;
        break;
      case "image":
        out += token.content;
        break;
    }
  }
  return out;
}
