import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, startDemo } from "../../src/chat/demo-environment.js";
import { defineCommand } from "../../src/commands/define-command.js";
import type {
  ConversationView,
  LogLineView,
  MessageView,
  PlaygroundEvent,
} from "../../src/playground/playground-protocol.js";
import { type Playground, startPlayground } from "../../src/playground/playground-server.js";
import { defineSkill } from "../../src/skill/skill.js";
import { SseRecorder } from "./sse-recorder.js";

/** A skill that exercises what the page renders: buttons, markdown, replies, reactions. */
const probe = defineSkill({
  name: "probe",
  description: "Answers with what the playground must show",
  setup(skill) {
    skill.command(
      defineCommand({ name: "buttons", description: "Buttons" }),
      async (_args, ctx) => {
        await ctx.sendActions({
          description: "Lunch?",
          handler: "pick",
          actions: [
            { id: "pizza", label: "Pizza", style: "primary" },
            { id: "sushi", label: "Sushi" },
          ],
        });
      },
    );
    skill.action("pick", (ctx, tap) => ctx.reply(`picked ${tap.actionId}`));
    skill.command(defineCommand({ name: "md", description: "Markdown" }), (_args, ctx) =>
      ctx.replyMarkdown("**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))"),
    );
    skill.on("reaction", (ctx) => {
      ctx.log.info({ emoji: ctx.content.content }, "probe saw a reaction");
    });
  },
});

type Message = Extract<PlaygroundEvent, { type: "message" }>;
type Log = Extract<PlaygroundEvent, { type: "log" }>;
type ConversationEvent = Extract<PlaygroundEvent, { type: "conversation" }>;

const isMessage =
  (where: (view: MessageView) => boolean) =>
  (event: PlaygroundEvent): event is Message =>
    event.type === "message" && where(event.data);
const isLog =
  (where: (line: LogLineView) => boolean) =>
  (event: PlaygroundEvent): event is Log =>
    event.type === "log" && where(event.data);

function expectError(result: { status: number }, status: number, code: string): void {
  expect(result).toMatchObject({ status, json: { error: { code } } });
}

describe("playground server (real HTTP against a started playground)", () => {
  let demo: Demo;
  let playground: Playground;
  let events: SseRecorder;
  let dm: ConversationView;

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(new URL(path, playground.url), {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      json: (await response.json()) as Record<string, unknown> & {
        error?: { code: string; message: string };
      },
    };
  }

  beforeAll(async () => {
    demo = await startDemo(
      { name: "probe-agent", skills: [probe()] },
      mkdtempSync(join(tmpdir(), "switchboard-pg-")),
    );
    playground = await startPlayground(demo, { port: 0, agentName: "probe-agent" });
    events = await SseRecorder.open(`${playground.url}api/events`);
    const snapshot = await events.waitFor((event) => event.type === "snapshot", "the snapshot");
    dm = (snapshot.data as { conversations: ConversationView[] }).conversations[0]!;
  });

  afterAll(async () => {
    events?.close();
    await playground?.close();
    await demo?.stop();
  });

  it("listens on 127.0.0.1 and serves the page with a strict CSP", async () => {
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(playground.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const script = await fetch(new URL("/app.js", playground.url));
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await fetch(new URL("/../package.json", playground.url))).status).toBe(404);
  });

  it("starts with alice in a DM with the agent, in the snapshot and /api/state", async () => {
    const state = (await (await fetch(new URL("/api/state", playground.url))).json()) as {
      agent: { name: string; inboxId: string };
      users: { name: string }[];
    };
    expect(state.agent).toMatchObject({ name: "probe-agent", inboxId: demo.agent.inboxId });
    expect(state.users.map((user) => user.name)).toEqual(["alice"]);
    expect(dm).toMatchObject({ kind: "dm", name: "DM: alice" });
    expect(dm.members.map((member) => member.name).sort()).toEqual(["agent", "alice"]);
  });

  it("refuses requests addressed to another host name or from another origin", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL("/api/state", playground.url);
      request(url, { headers: { Host: `rebound.example:${playground.port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(403);
    const crossSite = await post(
      "/api/users",
      { name: "mallory" },
      { Origin: "https://evil.example" },
    );
    expect(crossSite.status).toBe(403);
  });

  it("validates every body with zod and answers with a stable code", async () => {
    const missing = await post("/api/messages", { as: "alice", conversationId: dm.id });
    expect(missing.status).toBe(400);
    expect(missing.json.error?.code).toBe("SB_ERR_PLAYGROUND_REQUEST");
    // Each problem names its field for the form to show it there, in words without a zod path.
    expect((missing.json.error as { issues?: unknown }).issues).toEqual([
      { field: "text", message: expect.any(String) },
    ]);
    const badMember = await post("/api/groups", { as: "alice", name: "x", members: ["Bob!"] });
    expect(badMember.json.error).toMatchObject({
      message:
        "“Bob!” can't be a name: use 1-20 lowercase letters, digits or dashes, starting with a letter",
      issues: [{ field: "members" }],
    });
    expect(badMember.json.error?.message).not.toMatch(/members\.0/);
    const extra = await post("/api/messages", {
      as: "alice",
      conversationId: dm.id,
      text: "hi",
      admin: true,
    });
    expect(extra.status).toBe(400);
    const badName = await post("/api/users", { name: "Robert'); DROP" });
    expect(badName.status).toBe(400);
    expect((await post("/api/users", { name: "agent" })).status).toBe(400);
    expect((await post("/api/messages", "{not json")).status).toBe(400);
    const form = await post("/api/messages", "as=alice", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    const unknownUser = await post("/api/messages", {
      as: "zed",
      conversationId: dm.id,
      text: "hi",
    });
    expectError(unknownUser, 404, "SB_ERR_PLAYGROUND_NOT_FOUND");
    expect((await post("/api/nowhere", {})).status).toBe(404);
  });

  it("shows the agent's buttons and sends the tap as the current user", async () => {
    const sent = await post("/api/messages", {
      as: "alice",
      conversationId: dm.id,
      text: "/buttons",
    });
    expect(sent.status).toBe(200);
    const buttons = await events.waitFor(
      isMessage((view) => view.conversationId === dm.id && view.kind === "actions"),
      "the agent's buttons",
    );
    expect(buttons.data).toMatchObject({ sender: "agent", html: "<p>Lunch?</p>\n" });
    expect(buttons.data.actions?.buttons).toEqual([
      { id: "pizza", label: "Pizza", style: "primary" },
      { id: "sushi", label: "Sushi", style: undefined },
    ]);
    const tap = await post("/api/intents", {
      as: "alice",
      conversationId: dm.id,
      actionsId: buttons.data.actions!.id,
      actionId: "sushi",
    });
    expect(tap.status).toBe(200);
    await events.waitFor(
      isMessage((view) => view.note === "alice tapped “Sushi”"),
      "the tap shown inline",
    );
    const reply = await events.waitFor(
      isMessage((view) => view.html === "<p>picked sushi</p>\n"),
      "the agent's answer",
    );
    expect(reply.data.sender).toBe("agent");
  });

  it("renders the agent's markdown safely and shows quoted replies", async () => {
    const sent = await post("/api/messages", { as: "alice", conversationId: dm.id, text: "/md" });
    const answer = await events.waitFor(
      isMessage((view) => view.kind === "markdown" && view.replyTo?.id === sent.json.id),
      "the markdown reply",
    );
    expect(answer.data.html).toBe(
      "<p><strong>bold</strong> &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))</p>\n",
    );
    expect(answer.data.replyTo).toEqual({
      id: sent.json.id,
      sender: "alice",
      excerpt: "/md",
      html: "/md",
    });

    const quoted = await post("/api/messages", {
      as: "alice",
      conversationId: dm.id,
      text: "thanks",
      replyTo: answer.data.id,
    });
    const mine = await events.waitFor(
      isMessage((view) => view.id === quoted.json.id),
      "alice's reply",
    );
    expect(mine.data.replyTo).toMatchObject({
      sender: "agent",
      excerpt: "**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))",
      // The quote is rendered as the message was: markdown, escaped.
      html: "<strong>bold</strong> &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))",
    });
    expect(mine.data.html).toBe("<p>thanks</p>\n");
  });

  it("applies reactions to their message, and streams the agent's log lines for the conversation", async () => {
    const target = events.events.find(isMessage((view) => view.html === "<p>picked sushi</p>\n"))!;
    const reacted = await post("/api/reactions", {
      as: "alice",
      conversationId: dm.id,
      messageId: target.data.id,
      emoji: "🎉",
    });
    expect(reacted.status).toBe(200);
    await events.waitFor(
      isMessage((view) => view.id === target.data.id && view.reactions["🎉"]?.[0] === "alice"),
      "the reaction on its message",
    );
    const line = await events.waitFor(
      isLog((log) => log.msg === "probe saw a reaction" && log.conversationId === dm.id),
      "the skill's log line",
    );
    expect(line.data).toMatchObject({
      level: "info",
      skill: "probe",
      event: "reaction",
      details: "emoji=🎉",
    });
    const settled = await events.waitFor(
      isLog(
        (log) =>
          log.msg === "event settled" && log.event === "intent" && log.conversationId === dm.id,
      ),
      "the per-event log line",
    );
    expect(settled.data.details).toMatch(/(^| )outcome=handled( |$)/);
    expect(settled.data.details).toMatch(/(^| )source=stream( |$)/);

    await post("/api/reactions", {
      as: "alice",
      conversationId: dm.id,
      messageId: target.data.id,
      emoji: "🎉",
      remove: true,
    });
    await events.waitFor(
      isMessage((view) => view.id === target.data.id && view.reactions["🎉"] === undefined),
      "the reaction taken back",
    );
  });

  it("creates a group with the agent and simulated users, lists roles, and acts as each member", async () => {
    const created = await post("/api/groups", {
      as: "alice",
      name: "Lunch club",
      members: ["bob"],
    });
    expect(created.status).toBe(200);
    const group = created.json as unknown as ConversationView;
    expect(group.kind).toBe("group");
    expect(Object.fromEntries(group.members.map((member) => [member.name, member.role]))).toEqual({
      alice: "super admin",
      bob: "member",
      // The creator makes the agent a super admin, so it can moderate and promote.
      agent: "super admin",
    });
    expect(group.members.find((member) => member.name === "bob")?.address).toMatch(
      /^0x[0-9a-f]{4}…[0-9a-f]{4}$/,
    );
    await events.waitFor(
      (event) => event.type === "user" && event.data.name === "bob",
      "bob announced to the page",
    );
    await events.waitFor(
      isMessage(
        (view) =>
          view.conversationId === group.id &&
          view.kind === "group_updated" &&
          /alice added/.test(view.note ?? ""),
      ),
      "the group update shown inline",
    );

    const fromBob = await post("/api/messages", {
      as: "bob",
      conversationId: group.id,
      text: "/buttons",
    });
    expect(fromBob.status).toBe(200);
    await events.waitFor(
      isMessage((view) => view.id === fromBob.json.id && view.sender === "bob"),
      "bob's message",
    );
    await events.waitFor(
      isMessage((view) => view.conversationId === group.id && view.kind === "actions"),
      "the agent answering in the group",
    );

    await post("/api/users", { name: "carol" });
    const outsider = await post("/api/messages", {
      as: "carol",
      conversationId: group.id,
      text: "let me in",
    });
    expectError(outsider, 403, "SB_ERR_PERMISSION_DENIED");
    const carolsDm = await post("/api/dms", { as: "carol" });
    expect(carolsDm.json).toMatchObject({ kind: "dm", name: "DM: carol" });
    const conversationEvents = events.events.filter(
      (event): event is ConversationEvent => event.type === "conversation",
    );
    expect(conversationEvents.some((event) => event.data.id === group.id)).toBe(true);
  });
});
