import type { Actions, GroupUpdated, Intent } from "@xmtp/node-sdk";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../commands/define-command.js";
import { defineSkill } from "../skill/skill.js";
import type { Context } from "./context.js";

describe("public types", () => {
  it("narrows the context by event", () => {
    const ctx = {} as Context;
    if (ctx.is("text", "markdown")) expectTypeOf(ctx.content).toEqualTypeOf<string>();
    if (ctx.is("intent")) expectTypeOf(ctx.content).toEqualTypeOf<Intent>();
    if (ctx.is("actions")) expectTypeOf(ctx.content).toEqualTypeOf<Actions>();
    if (ctx.is("group_updated")) expectTypeOf(ctx.content).toEqualTypeOf<GroupUpdated>();
    if (ctx.is("conversation")) expectTypeOf(ctx.content).toEqualTypeOf<undefined>();
  });

  it("types command arguments and group changes in skills", () => {
    const poll = defineCommand({
      name: "poll",
      description: "",
      args: [z.string().describe("question")],
      rest: z.string().describe("option"),
    });
    defineSkill({
      name: "typed",
      description: "",
      config: z.object({ limit: z.number().default(3) }),
      setup(skill, config) {
        expectTypeOf(config.limit).toEqualTypeOf<number>();
        skill.command(poll, (args) => {
          expectTypeOf(args).toEqualTypeOf<[string, ...string[]]>();
        });
        skill.on("member-added", (_ctx, change) => {
          expectTypeOf(change.inboxIds).toEqualTypeOf<string[]>();
        });
        skill.on("reaction", (ctx) => {
          expectTypeOf(ctx.content.content).toEqualTypeOf<string>();
        });
        skill.action(
          "vote",
          (_ctx, tap) => {
            expectTypeOf(tap.metadata).toEqualTypeOf<{ n: number }>();
          },
          {
            metadata: z.object({ n: z.number() }),
          },
        );
      },
    });
  });
});
