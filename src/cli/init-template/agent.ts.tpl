import { type AgentDefinition, defineCommand, defineSkill } from "switchboard";
import { z } from "zod";

const echo = defineCommand({
  name: "echo",
  description: "Repeats what you say",
  rest: z.string().describe("word"),
  restCount: { min: 1 },
});

/** A first skill: `/echo hello` answers "hello". `/help` lists it by itself. */
export const echoSkill = defineSkill({
  name: "echo",
  description: "Repeats what you say",
  setup(skill) {
    skill.command(echo, async (words, ctx) => {
      await ctx.reply(words.join(" "));
    });
  },
});

/** The agent: what `npm start` chats with, `main.ts` runs and `agent.test.ts` tests. */
export function definition(): AgentDefinition {
  return { name: "{{name}}", skills: [echoSkill()] };
}
