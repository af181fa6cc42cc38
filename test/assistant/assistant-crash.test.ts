import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { askBot, textOf } from "../../src/skills/membership/chat-test-support.js";
import { ScriptedModelServer } from "../../src/testing/scripted-model-server.js";
import { TestUser } from "../../src/testing/test-user.js";
import { AgentProcess } from "../reliability/agent-process.js";

/** kill -9 of the agent after its tool call ran and before its reply, then a restart. */
describe("assistant across a crash between tool call and reply", () => {
  let model: ScriptedModelServer | undefined;
  let agent: AgentProcess | undefined;
  let alice: TestUser | undefined;

  afterAll(async () => {
    await agent?.stop();
    await alice?.stop();
    await model?.stop();
  });

  it("does not run the tool again: exactly one poll, one answer", async () => {
    model = await ScriptedModelServer.start();
    model.script(
      {
        toolCalls: [
          { name: "poll", arguments: { question: "Lunch?", option: ["pizza", "sushi"] } },
        ],
      },
      // The tool has run; the model never answers: the agent dies waiting.
      { hang: true },
    );
    agent = new AgentProcess("test/assistant/assistant-agent.ts", {
      XMTP_WALLET_KEY: generatePrivateKey(),
      XMTP_DB_ENCRYPTION_KEY: generatePrivateKey(),
      SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), "switchboard-assistant-")),
      XMTP_ENV: "local",
      LOG_LEVEL: "info",
      SWITCHBOARD_ASSISTANT_BASE_URL: model.baseURL,
      SWITCHBOARD_ASSISTANT_MODEL: "scripted",
      SWITCHBOARD_ASSISTANT_TIMEOUT_MS: "60000",
    });
    const { address, inboxId } = await agent.start();
    alice = await TestUser.create({ name: "alice" });
    const dm = await alice.dmWith(address);

    const requestId = await dm.sendText("start a lunch poll: pizza or sushi");
    const buttons = await alice.waitForMessage({
      conversationId: dm.id,
      from: inboxId,
      type: "actions",
    });
    expect((buttons.content as { description: string }).description).toContain("Lunch?");
    await model.waitForRequest(2);
    // Logs leave in batches at least once a second: let the first run's "tool call" line out
    // before the kill, so the count below sees what ran before the crash.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await agent.kill9();

    // A model asked afresh would start the poll again; resumed, it sees the tool's result.
    model.script(
      (request) =>
        request.messages.some((m) => m.role === "tool" && String(m.content).includes("Lunch?"))
          ? { text: "Your lunch poll is up." }
          : {
              toolCalls: [
                { name: "poll", arguments: { question: "Lunch?", option: ["pizza", "sushi"] } },
              ],
            },
      { text: "Your lunch poll is up." },
    );
    await agent.start();
    const answer = await alice.waitForMessage(
      {
        conversationId: dm.id,
        from: inboxId,
        where: (m) =>
          (m.content as { referenceId?: string } | undefined)?.referenceId === requestId,
      },
      { timeoutMs: 60_000, description: "the answer after the restart" },
    );
    expect(textOf(answer)).toBe("Your lunch poll is up.");

    await alice.log.catchUp();
    const polls = alice.log.messages.filter(
      (m) =>
        m.conversationId === dm.id &&
        m.senderInboxId === inboxId &&
        m.contentType?.typeId === "actions",
    );
    expect(await askBot(alice, dm, inboxId, "/results 2")).toBe("There is no poll #2 here.");
    const toolCalls = agent.output
      .join("")
      .split("\n")
      .filter((line) => line.includes('"msg":"tool call"'));
    const answers = alice.log.messages.filter(
      (m) => m.senderInboxId === inboxId && textOf(m) === "Your lunch poll is up.",
    );
    console.log(
      `crash between tool call and reply: ${polls.length} poll(s), ${toolCalls.length} tool run(s), ${answers.length} answer(s), ${model.requests.length} model calls`,
    );
    expect(polls).toHaveLength(1);
    expect(toolCalls).toHaveLength(1);
    expect(answers).toHaveLength(1);
    expect(model.requests).toHaveLength(3);
  }, 180_000);
});
