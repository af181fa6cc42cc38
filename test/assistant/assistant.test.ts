import { type Conversation, type DecodedMessage, encodeText } from "@xmtp/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/config-schema.js";
import { ASSISTANT_REPLIES, assistantFromConfig } from "../../src/skills/assistant/index.js";
import {
  askBot,
  type GroupCast,
  startGroupCast,
  textOf,
} from "../../src/skills/membership/chat-test-support.js";
import { membership } from "../../src/skills/membership/index.js";
import { polls } from "../../src/skills/polls/index.js";
import { type ChatRequest, ScriptedModelServer } from "../../src/testing/scripted-model-server.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import type { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";

/** The tool results the agent fed back to the model in `request`. */
const toolResults = (request: ChatRequest) =>
  request.messages.filter((message) => message.role === "tool").map((m) => String(m.content));
const offeredTools = (request: ChatRequest) =>
  (request.tools ?? []).map((tool) => tool.function.name).sort();

const API_KEY = "sk-switchboard-test-4f1d9c2e";

describe("assistant: plain requests through the agent's commands, on the devnode", () => {
  let model: ScriptedModelServer;
  let cast: GroupCast | undefined;
  let bot: TestAgent;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser; // talks to the bot by DM only
  let groupOf: (user: TestUser) => Conversation;

  beforeAll(async () => {
    model = await ScriptedModelServer.start();
    const config = configSchema.parse({
      SWITCHBOARD_ASSISTANT_BASE_URL: model.baseURL,
      SWITCHBOARD_ASSISTANT_MODEL: "scripted",
      SWITCHBOARD_ASSISTANT_TIMEOUT_MS: "3000",
      SWITCHBOARD_ASSISTANT_SENDER_BUDGET: "5000/1h",
      SWITCHBOARD_ASSISTANT_API_KEY: API_KEY,
    });
    const assistant = await assistantFromConfig(config, { names: ["helper"], maxRetries: 0 });
    expect(assistant).toBeDefined();
    cast = await startGroupCast(
      TestAgent.start({
        name: "helper",
        skills: [polls(), membership(), assistant!],
        env: { SWITCHBOARD_ASSISTANT_API_KEY: API_KEY },
      }),
    );
    ({ bot, alice, bob, carol, dave, groupOf } = cast);
  });

  afterAll(async () => {
    await cast?.stop();
    await model?.stop();
  });

  const logEntries = () => bot.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it("turns a plain request into a poll whose buttons count votes", async () => {
    const requestsBefore = model.requests.length;
    model.script(
      {
        toolCalls: [
          { name: "poll", arguments: { question: "Lunch?", option: ["pizza", "sushi"] } },
        ],
      },
      (request) => ({
        text: toolResults(request).some((result) => result.includes("Poll #"))
          ? "Your lunch poll is up: tap to vote."
          : "The poll did not start.",
      }),
    );
    const after = bob.mark();
    const answer = await askBot(
      bob,
      groupOf(bob),
      bot.inboxId,
      "@helper start a poll about lunch: pizza or sushi",
    );
    expect(answer).toBe("Your lunch poll is up: tap to vote.");

    const [first, second] = model.requests.slice(requestsBefore);
    // Bob is no admin: the admin commands are not even offered to him.
    expect(offeredTools(first!)).toEqual(["close", "poll", "pollfor", "results"]);
    expect(first!.messages.at(-1)).toMatchObject({
      role: "user",
      content: "@helper start a poll about lunch: pizza or sushi",
    });
    const fedBack = toolResults(second!);
    expect(fedBack).toHaveLength(1);
    expect(fedBack[0]).toContain("Lunch?");
    expect(fedBack[0]).toContain("[buttons: pizza | sushi]");

    const buttons = await bob.waitForMessage({
      conversationId: groupOf(bob).id,
      from: bot.inboxId,
      type: "actions",
      after,
    });
    const actions = buttons.content as { id: string; description: string };
    expect(actions.description).toContain("Lunch?");
    await alice.tapAction(groupOf(alice), actions.id, "0");
    await carol.tapAction(groupOf(carol), actions.id, "1");
    await waitFor(() => logEntries().filter((entry) => entry.msg === "vote").length >= 2, {
      description: "both votes handled",
    });
    const tally = await askBot(alice, groupOf(alice), bot.inboxId, "/results");
    expect(tally).toContain("**pizza**: 1 vote (50%)");
    expect(tally).toContain("**sushi**: 1 vote (50%)");

    const toolLog = logEntries().find(
      (entry) => entry.msg === "tool call" && entry.tool === "poll",
    );
    expect(toolLog).toMatchObject({
      level: 30,
      skill: "assistant",
      args: ["Lunch?", "pizza", "sushi"],
    });
    console.log(
      `poll by request: 1 poll, 2 votes counted, ${model.requests.length - requestsBefore} model calls`,
    );
  });

  it("refuses a non-admin's request to remove a member with /remove's own check", async () => {
    const requestsBefore = model.requests.length;
    model.script(
      { toolCalls: [{ name: "remove", arguments: { member: [carol.address] } }] },
      { text: "Sorry, only group admins can remove members." },
    );
    const answer = await askBot(bob, groupOf(bob), bot.inboxId, "@helper kick carol out");
    expect(answer).toBe("Sorry, only group admins can remove members.");
    const fedBack = toolResults(model.requests[requestsBefore + 1]!);
    expect(fedBack).toEqual(["Only group admins can use /remove."]);
    expect(
      logEntries().some(
        (entry) =>
          entry.msg === "tool result" && entry.tool === "remove" && entry.reason === "forbidden",
      ),
    ).toBe(true);

    const group = groupOf(alice);
    await group.sync();
    const members = (await group.members()).map((member) => member.inboxId);
    expect(members).toContain(carol.inboxId);
    console.log(`non-admin removal: refused, ${members.length} members stay (carol included)`);
  });

  it("tells the model what was wrong with malformed tool calls, and the user gets an answer", async () => {
    const requestsBefore = model.requests.length;
    model.script(
      { toolCalls: [{ name: "poll", arguments: '{"question": "Lunch?", "option": [' }] },
      { toolCalls: [{ name: "poll", arguments: { question: "Lunch?", option: "pizza" } }] },
      { toolCalls: [{ name: "poll", arguments: { question: "Lunch?", option: ["pizza"] } }] },
      { text: "I need at least two options for a poll. Which ones?" },
    );
    const dm = await dave.dmWith(bot.address);
    const answer = await askBot(dave, dm, bot.inboxId, "make a lunch poll");
    expect(answer).toBe("I need at least two options for a poll. Which ones?");

    const requests = model.requests.slice(requestsBefore);
    expect(requests).toHaveLength(4);
    expect(toolResults(requests[1]!).at(-1)).toMatch(/^The arguments were not valid JSON/);
    expect(toolResults(requests[2]!).at(-1)).toContain("<option>: expected a list of values.");
    expect(toolResults(requests[3]!).at(-1)).toContain("<option>: expected at least 2, got 1");
    expect(toolResults(requests[3]!).at(-1)).toContain("Usage: /poll <question> <option>...");
    // None of them made a poll.
    expect(await askBot(dave, dm, bot.inboxId, "/results")).toMatch(/^No polls here yet/);
    console.log("malformed tool calls: 3 refused with a reason, 0 polls, 1 answer");
  });

  it("apologises when the model times out or fails, and keeps working", async () => {
    const dm = await dave.dmWith(bot.address);
    model.script({ hang: true });
    expect(await askBot(dave, dm, bot.inboxId, "are you there?")).toBe(ASSISTANT_REPLIES.apology);
    model.script({ status: 500, error: "model crashed" });
    expect(await askBot(dave, dm, bot.inboxId, "hello?")).toBe(ASSISTANT_REPLIES.apology);
    const requestsBefore = model.requests.length;
    model.script({ text: "Still here." });
    expect(await askBot(dave, dm, bot.inboxId, "and now?")).toBe("Still here.");
    // The conversation itself is the memory: earlier turns come from the XMTP history.
    const history = model.requests[requestsBefore]!.messages.map((m) => m.content);
    expect(history).toContain("make a lunch poll");
    expect(history).toContain(ASSISTANT_REPLIES.apology);
    expect(
      logEntries().filter((e) => e.code === "SB_ERR_ASSISTANT_MODEL").length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("sends the configured API key and never logs it, even when the server echoes it", async () => {
    const dm = await dave.dmWith(bot.address);
    model.script({ status: 401, error: `Incorrect API key provided: ${API_KEY}` });
    expect(await askBot(dave, dm, bot.inboxId, "hi again")).toBe(ASSISTANT_REPLIES.apology);
    expect(model.authorizations.at(-1)).toBe(`Bearer ${API_KEY}`);
    const failure = bot.logLines.filter((line) => line.includes("SB_ERR_ASSISTANT_MODEL")).at(-1);
    expect(failure).toContain("Incorrect API key provided");
    expect(bot.logLines.join("\n")).not.toContain(API_KEY);
  });

  it("stops calling the model for a sender over their token budget", async () => {
    const dm = await carol.dmWith(bot.address);
    model.script({ text: "That was expensive.", usage: { prompt: 6_000, completion: 10 } });
    expect(await askBot(carol, dm, bot.inboxId, "write me an essay")).toBe("That was expensive.");
    const requestsBefore = model.requests.length;
    expect(await askBot(carol, dm, bot.inboxId, "another one")).toBe(
      ASSISTANT_REPLIES.senderBudget,
    );
    expect(model.requests.length).toBe(requestsBefore);
    // Commands still work for her.
    expect(await askBot(carol, dm, bot.inboxId, "/results")).toMatch(/^No polls here yet/);
  });

  it("answers a group reply to one of its messages, with the conversation as memory", async () => {
    const group = groupOf(bob);
    const earlier = bob.log.messages.find(
      (m) => m.senderInboxId === bot.inboxId && textOf(m) === "Your lunch poll is up: tap to vote.",
    )!;
    model.script({ text: "Poll #1 has pizza and sushi." });
    const replyId = await group.sendReply({
      content: encodeText("which options were there again?"),
      reference: earlier.id,
      referenceInboxId: bot.inboxId,
    });
    const answer = await bob.waitForMessage({
      conversationId: group.id,
      from: bot.inboxId,
      where: (m) => (m.content as { referenceId?: string } | undefined)?.referenceId === replyId,
    });
    expect(textOf(answer)).toBe("Poll #1 has pizza and sushi.");
    const history = model.requests.at(-1)!.messages.map((m) => String(m.content));
    expect(
      history.some((text) => text.endsWith("@helper start a poll about lunch: pizza or sushi")),
    ).toBe(true);
  });

  it("leaves group chatter that does not address the agent alone", async () => {
    const requestsBefore = model.requests.length;
    const chatter = await groupOf(alice).sendText(
      "lunch at noon, anyone? (helper is not mentioned)",
    );
    // The group is handled in order: once a later command is answered, the chatter was handled.
    await askBot(alice, groupOf(alice), bot.inboxId, "/results");
    expect(model.requests.length).toBe(requestsBefore);
    const answers = alice.log.messages.filter(
      (m: DecodedMessage) =>
        (m.content as { referenceId?: string } | undefined)?.referenceId === chatter,
    );
    expect(answers).toHaveLength(0);
  });
});
