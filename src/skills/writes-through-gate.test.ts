import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every write a skill makes must go through its context (`ctx.send`, `ctx.reply`,
 * `ctx.addMembers`...), which passes the outbound gate: pacing, retries, metrics. This scans
 * the built-in skills' sources for writes around it: XMTP send and group-change calls on
 * anything but a context, and the raw client.
 */
const SKILLS_DIR = new URL(".", import.meta.url).pathname;

/** Calls that write to XMTP, as node-sdk names them on conversations, groups and the client. */
const WRITE_CALL =
  /([\w.]+)\.(send|sendText|sendMarkdown|sendReply|sendReaction|sendActions|sendAttachment|sendRemoteAttachment|sendMultiRemoteAttachment|sendTransactionReference|sendWalletSendCalls|sendReadReceipt|addMembers|addMembersByIdentifiers|removeMembers|removeMembersByIdentifiers|addAdmin|removeAdmin|addSuperAdmin|removeSuperAdmin|updateName|updateDescription|updateImageUrl|createDm|createDmWithIdentifier|createGroup|createGroupWithIdentifiers)\(/g;
/** Receivers that are contexts: their methods are the gated ones. */
const CONTEXT = /^(ctx|this\.ctx|view)$/;
const RAW_CLIENT = /services\.client|\.conversations\.(create|newDm|newGroup)|\.conversation\.send/;

/** The writes in `source` that do not go through a context. */
function writesAroundTheGate(source: string): string[] {
  const found: string[] = [];
  // A GateGroup (token gate) is a context's writes under names the recheck logic can fake.
  const gateGroupReceivers = /\bGateGroup\b/.test(source) ? /^group$/ : /^$/;
  for (const [index, line] of source.split("\n").entries()) {
    if (RAW_CLIENT.test(line)) found.push(`${index + 1}: ${line.trim()}`);
    for (const match of line.matchAll(WRITE_CALL)) {
      const receiver = match[1]!;
      if (CONTEXT.test(receiver) || gateGroupReceivers.test(receiver)) continue;
      found.push(`${index + 1}: ${line.trim()}`);
    }
  }
  return [...new Set(found)];
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    const isTestCode = /\.test(-d)?\.ts$|test-|chat-test-support/.test(entry.name);
    return entry.name.endsWith(".ts") && !isTestCode ? [path] : [];
  });
}

describe("built-in skills write only through their context (the outbound gate)", () => {
  it("finds writes around the gate when there are some", () => {
    const bypass = [
      'await ctx.conversation.sendText("raw");',
      "const dm = await services.client.conversations.createDm(inboxId);",
      "await group.addMembers([inboxId]);",
      'await dm.send("x");',
    ].join("\n");
    expect(writesAroundTheGate(bypass)).toHaveLength(4);
    expect(
      writesAroundTheGate('await ctx.send("ok");\nawait this.ctx.removeMembers(ids);'),
    ).toEqual([]);
  });

  it("finds none in src/skills", () => {
    const files = sourcesUnder(SKILLS_DIR);
    const offences = files.flatMap((file) =>
      writesAroundTheGate(readFileSync(file, "utf8")).map(
        (line) => `${relative(SKILLS_DIR, file)}:${line}`,
      ),
    );
    console.log(
      `${files.length} skill source files scanned, ${offences.length} writes around the gate`,
    );
    expect(offences).toEqual([]);
    expect(files.length).toBeGreaterThan(20);
  });
});
