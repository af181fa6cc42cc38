import { z } from "zod";
import { defineSkill } from "../../index.js";

/**
 * Greets people who open a DM with the agent and answers plain DM text with a pointer to
 * `/help`, so a first-time user is never met with silence.
 *
 * @example
 * const skills = [hello({ intro: "I run polls." })];
 */
export const hello = defineSkill({
  name: "hello",
  description: "Greets new DMs and points to /help",
  config: z.object({
    intro: z.string().min(1).max(500).default("I'm a Switchboard agent."),
  }),
  setup(skill, { intro }) {
    skill.on("conversation", async (ctx) => {
      if (ctx.isDm()) await ctx.send(`Hi! ${intro} Type /help to see what I can do.`);
    });
    skill.on("text", async (ctx) => {
      if (ctx.isDm() && !ctx.content.trimStart().startsWith("/")) {
        await ctx.reply(`${intro} Type /help to see my commands.`);
      }
    });
  },
});
