import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatSession } from "../../src/chat/chat-session.js";
import { defineCommand } from "../../src/commands/define-command.js";
import { defineSkill } from "../../src/skill/skill.js";
import { hello } from "../../src/skills/hello/index.js";
import { TestAgent } from "../../src/testing/test-agent.js";
import { waitFor } from "../../src/testing/wait-for.js";

const menu = defineSkill({
  name: "menu",
  description: "Offers buttons",
  setup(skill) {
    skill.command(
      defineCommand({ name: "menu", description: "Shows buttons" }),
      async (_args, ctx) => {
        await ctx.sendActions({
          description: "Lunch?",
          handler: "lunch",
          actions: [
            { id: "pizza", label: "Pizza" },
            { id: "sushi", label: "Sushi" },
          ],
        });
      },
    );
    skill.action("lunch", (ctx, tap) => ctx.reply(`noted: ${tap.actionId}`));
  },
});

describe("terminal chat session", () => {
  let bot: TestAgent;
  let session: ChatSession;
  const printed: string[] = [];
  const sawLine = (pattern: RegExp) =>
    waitFor(() => printed.some((line) => pattern.test(line)), {
      description: `a printed line matching ${pattern}`,
      explain: () => printed.slice(-6).join(" | "),
    });

  beforeAll(async () => {
    bot = await TestAgent.start({ skills: [hello({ intro: "Demo." }), menu()] });
    session = await ChatSession.open({
      agentAddress: bot.address,
      agentInboxId: bot.inboxId,
      print: (l) => printed.push(l),
    });
  });

  afterAll(async () => {
    await session?.close();
    await bot?.stop();
  });

  it("shows the agent's greeting and replies", async () => {
    await sawLine(/^agent › Hi! Demo\./);
    await session.handle("how are you");
    await sawLine(/^agent › Demo\. Type \/help/);
  });

  it("renders buttons as numbered choices and taps the picked one", async () => {
    await session.handle("/menu");
    await sawLine(/\[1\] Pizza {3}\[2\] Sushi/);
    await session.handle(".pick 2");
    await sawLine(/^agent › noted: sushi$/);
    await session.handle(".pick 9");
    expect(printed.at(-1)).toBe("Pick a number from 1 to 2");
  });

  it("creates a group with simulated members and lists roles", async () => {
    await session.handle(".group Lunch club");
    await sawLine(/created group "Lunch club"/);
    await session.handle(".as bob hi all");
    await session.handle(".members");
    await sawLine(/^· bob \(member\)$/);
    await sawLine(/^· you \(super admin\)$/);
    expect(await session.handle(".quit")).toBe(false);
  });
});
