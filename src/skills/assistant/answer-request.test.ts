import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../config/config-schema.js";
import type { CommandDirectory } from "../../runtime/command-directory.js";
import type { Context } from "../../runtime/context.js";
import { createMemoryStore } from "../../store/memory-store.js";
import type { Store } from "../../store/store.js";
import { ScriptedModelServer } from "../../testing/scripted-model-server.js";
import { answerRequest } from "./answer-request.js";
import { assistantConfigSchema } from "./assistant-config.js";
import { assistantModelFromConfig } from "./assistant-from-config.js";
import { type Turn, TurnJournal } from "./turn-journal.js";

/**
 * A message replayed after a crash, seen by `answerRequest` alone: the journal decides what
 * happens again. The model is a real HTTP server; the context is the minimum the turn reads.
 */
describe("answerRequest on a replayed message", () => {
  let model: ScriptedModelServer;
  let config: ReturnType<typeof assistantConfigSchema.parse>;

  beforeAll(async () => {
    model = await ScriptedModelServer.start();
    const env = configSchema.parse({
      SWITCHBOARD_ASSISTANT_BASE_URL: model.baseURL,
      SWITCHBOARD_ASSISTANT_MODEL: "scripted",
    });
    config = assistantConfigSchema.parse({
      model: await assistantModelFromConfig(env),
      maxRetries: 0,
    });
  });
  afterAll(() => model.stop());

  function replayed(store: Store) {
    const replies: string[] = [];
    const runs: string[] = [];
    const commands: CommandDirectory = {
      available: async () => [],
      run: async (_ctx, name) => {
        runs.push(name);
        return { ok: true };
      },
    };
    const ctx = {
      message: { id: "m1", sentAtNs: 1n },
      senderInboxId: "bob",
      agentInboxId: "agent",
      store,
      log: pino({ level: "silent" }),
      commands,
      conversation: { messages: async () => [] },
      isGroup: () => false,
      reply: async (text: string) => {
        replies.push(text);
      },
    } as unknown as Context;
    return { ctx, replies, runs };
  }

  const journaled = (overrides: Partial<Turn>): Turn => ({
    steps: 1,
    tokens: 10,
    transcript: [],
    calls: [],
    started: [],
    outcomes: {},
    ...overrides,
  });

  it("sends a decided answer again without calling the model", async () => {
    const store = createMemoryStore();
    await new TurnJournal(store).save("m1", journaled({ answer: "Your poll is up." }));
    const { ctx, replies, runs } = replayed(store);
    const before = model.requests.length;
    await answerRequest(ctx, "start a poll", config);
    expect(replies).toEqual(["Your poll is up."]);
    expect(model.requests.length).toBe(before);
    expect(runs).toEqual([]);
  });

  it("does not run a tool call again that a crash cut off, and tells the model so", async () => {
    const store = createMemoryStore();
    const call = {
      toolCallId: "c1",
      toolName: "poll",
      input: { question: "Q?", option: ["a", "b"] },
    };
    await new TurnJournal(store).save(
      "m1",
      journaled({
        transcript: [{ role: "assistant", content: [{ type: "tool-call", ...call }] }],
        calls: [call],
        started: ["0"],
      }),
    );
    model.script({ text: "I may have started that poll; check the chat." });
    const { ctx, replies, runs } = replayed(store);
    await answerRequest(ctx, "start a poll", config);
    expect(runs).toEqual([]);
    expect(replies).toEqual(["I may have started that poll; check the chat."]);
    const fedBack = model.requests.at(-1)!.messages.filter((m) => m.role === "tool");
    expect(String(fedBack[0]?.content)).toMatch(/interrupted by a restart and was not repeated/);
    expect((await new TurnJournal(store).load("m1")).answer).toBe(replies[0]);
  });
});
