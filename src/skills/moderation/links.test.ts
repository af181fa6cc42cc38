import { describe, expect, it } from "vitest";
import { findLinkHosts, isAllowedHost, normalizeDomain } from "./links.js";

describe("findLinkHosts", () => {
  it.each([
    ["see https://docs.xmtp.org/a?b=c", ["docs.xmtp.org"]],
    ["HTTP://Example.COM", ["example.com"]],
    ["go to www.evil.com now", ["www.evil.com"]],
    ["bare evil.xyz/path and free.money.io", ["evil.xyz", "free.money.io"]],
    ["(https://x.org)", ["x.org"]],
    ["[label](https://x.org/page)", ["x.org"]],
    ["https://xmtp.org@evil.com/", ["evil.com"]],
    ["ftp://files.example.net", ["files.example.net"]],
    ["https://bücher.de", ["xn--bcher-kva.de"]],
  ])("finds the hosts in %s", (text, hosts) => {
    expect(findLinkHosts(text)).toEqual(hosts);
  });

  it.each([
    "I use node.js and notes.txt",
    "mail me at bob@example.com",
    "version 1.2.3, e.g. this",
    "nothing to see",
  ])("finds no link in %s", (text) => {
    expect(findLinkHosts(text)).toEqual([]);
  });

  it("stays fast on hostile input", () => {
    const hostile = `${"a.".repeat(5000)}b ${"a-".repeat(5000)}`;
    const started = performance.now();
    findLinkHosts(hostile);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("domains", () => {
  it("normalizes what admins type", () => {
    expect(normalizeDomain("https://XMTP.org/docs")).toBe("xmtp.org");
    expect(normalizeDomain("xmtp.org")).toBe("xmtp.org");
    expect(normalizeDomain("not a domain")).toBeUndefined();
    expect(normalizeDomain("localhost")).toBeUndefined();
  });

  it("allows a domain and its subdomains only", () => {
    expect(isAllowedHost("xmtp.org", ["xmtp.org"])).toBe(true);
    expect(isAllowedHost("docs.xmtp.org", ["xmtp.org"])).toBe(true);
    expect(isAllowedHost("xmtp.org.evil.com", ["xmtp.org"])).toBe(false);
    expect(isAllowedHost("evilxmtp.org", ["xmtp.org"])).toBe(false);
    expect(isAllowedHost("xmtp.org", [])).toBe(false);
  });
});
