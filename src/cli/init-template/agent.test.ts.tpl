import { TestAgent, TestUser } from "switchboard/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { definition } from "./agent.ts";

// A real agent and a real user on the local XMTP node that vitest's globalSetup starts.
let agent: TestAgent;
let alice: TestUser;

beforeAll(async () => {
  agent = await TestAgent.start(definition());
  alice = await TestUser.create({ name: "alice" });
});

afterAll(async () => {
  await alice?.stop();
  await agent?.stop();
});

it("echoes what it is told", async () => {
  const dm = await alice.dmWith(agent.address);
  const reply = await alice.ask(dm, "/echo hello there");
  // A reply quotes the message it answers: its text is `content.content`.
  expect(reply.content).toMatchObject({ content: "hello there" });
});
