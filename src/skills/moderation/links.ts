// Bare names count as links only with a TLD spammers use, so "node.js" or "notes.txt" do not.
const TLDS = [
  "com",
  "net",
  "org",
  "io",
  "co",
  "app",
  "dev",
  "xyz",
  "me",
  "gg",
  "ly",
  "info",
  "biz",
  "ru",
  "cn",
  "link",
  "click",
  "site",
  "online",
  "top",
  "shop",
  "live",
  "to",
  "fi",
  "finance",
];
// Each alternative is anchored so it cannot backtrack quadratically: the bare form only
// starts at the beginning of a word, and its labels cannot contain the dot between them.
const LINK = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]{0,20}://[^\s<>()\[\]"'\x60]+`,
    String.raw`\bwww\.[^\s<>()\[\]"'\x60]+`,
    String.raw`(?<![\p{L}\p{N}@._-])(?:[\p{L}\p{N}-]+\.)+(?:${TLDS.join("|")})(?![\p{L}\p{N}-])(?:/[^\s<>()\[\]"'\x60]*)?`,
  ].join("|"),
  "giu",
);

/**
 * The host of every link in `text`, lowercased (IDNs in punycode): `https://…` and other
 * `scheme://` URLs, `www.…`, and bare names with a common TLD (`example.com/x`). A link whose
 * host cannot be parsed comes back as its own text, so it is never mistaken for an allowed one.
 *
 * @example
 * findLinkHosts("see https://docs.xmtp.org/a and evil.xyz"); // ["docs.xmtp.org", "evil.xyz"]
 */
export function findLinkHosts(text: string): string[] {
  return Array.from(text.matchAll(LINK), ([link]) => hostOf(link));
}

/**
 * Normalizes a domain an admin typed (`XMTP.org`, `https://xmtp.org/docs`) to a host name, or
 * undefined when it is not one.
 *
 * @example
 * normalizeDomain("https://XMTP.org/docs"); // "xmtp.org"
 */
export function normalizeDomain(input: string): string | undefined {
  const host = hostOf(input.trim());
  return /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host)
    ? host
    : undefined;
}

/**
 * Whether `host` is one of `allowed` or a subdomain of one.
 *
 * @example
 * isAllowedHost("docs.xmtp.org", ["xmtp.org"]); // true
 * isAllowedHost("xmtp.org.evil.com", ["xmtp.org"]); // false
 */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

function hostOf(link: string): string {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(link) ? link : `http://${link}`).hostname;
  } catch {
    return link.toLowerCase();
  }
}
