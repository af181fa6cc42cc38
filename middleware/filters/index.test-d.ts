import type { Dm, Group, Reaction } from "@xmtp/node-sdk";
import { describe, expectTypeOf, it } from "vitest";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import type { Context } from "../../src/runtime/context.js";
import {
  allowAddresses,
  and,
  asyncFilter,
  contentType,
  dmOnly,
  filter,
  type GroupContext,
  groupOnly,
  mentionsAgent,
  not,
  or,
  senderIsAdmin,
  startsWithCommand,
} from "./index.js";

declare const ctx: Context;

describe("filter narrowing", () => {
  it("narrows with sync guards in plain code", () => {
    expectTypeOf(ctx.conversation).not.toExtend<Group>();
    expectTypeOf(ctx.text).toEqualTypeOf<string | undefined>();
    if (groupOnly(ctx)) expectTypeOf(ctx.conversation).toExtend<Group>();
    if (dmOnly(ctx)) expectTypeOf(ctx.conversation).toExtend<Dm>();
    if (contentType("reaction")(ctx)) expectTypeOf(ctx.content).toEqualTypeOf<Reaction>();
    if (contentType("text", "markdown")(ctx)) expectTypeOf(ctx.content).toEqualTypeOf<string>();
    if (mentionsAgent()(ctx)) expectTypeOf(ctx.text).toEqualTypeOf<string>();
    if (startsWithCommand()(ctx)) expectTypeOf(ctx.text).toEqualTypeOf<string>();
  });

  it("narrows the middleware given to filter(), also for async filters", () => {
    filter(groupOnly, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    filter(senderIsAdmin, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    filter(contentType("reaction"), (narrowed) => {
      expectTypeOf(narrowed.content).toEqualTypeOf<Reaction>();
    });
    // Plain predicates, sync or async, narrow nothing.
    filter(allowAddresses(["0xabc"]), (plain) => {
      expectTypeOf(plain).toEqualTypeOf<Context>();
    });
    filter(
      (c) => c.text === "hi",
      (plain) => {
        expectTypeOf(plain).toEqualTypeOf<Context>();
      },
    );
    expectTypeOf(filter(groupOnly)).toEqualTypeOf<MiddlewareFn<Context>>();
  });

  it("and() intersects what its parts prove and stays sync when they all are", () => {
    const textInGroup = and(groupOnly, contentType("text"));
    expectTypeOf(textInGroup).returns.toEqualTypeOf<boolean>();
    if (textInGroup(ctx)) {
      expectTypeOf(ctx.conversation).toExtend<Group>();
      expectTypeOf(ctx.content).toEqualTypeOf<string>();
    }
    const adminText = and(contentType("text"), senderIsAdmin);
    expectTypeOf(adminText).returns.toEqualTypeOf<Promise<boolean>>();
    filter(adminText, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
      expectTypeOf(narrowed.content).toEqualTypeOf<string>();
    });
  });

  it("or() unites what its parts prove", () => {
    const textOrMarkdown = or(contentType("text"), contentType("markdown"));
    if (textOrMarkdown(ctx)) expectTypeOf(ctx.content).toEqualTypeOf<string>();
    const either = or(groupOnly, dmOnly);
    if (either(ctx)) expectTypeOf(ctx.conversation).toExtend<Group | Dm>();
  });

  it("not() keeps sync filters sync and narrows nothing", () => {
    expectTypeOf(not(groupOnly)).returns.toEqualTypeOf<boolean>();
    expectTypeOf(not(senderIsAdmin)).returns.toEqualTypeOf<Promise<boolean>>();
    filter(not(groupOnly), (plain) => {
      expectTypeOf(plain).toEqualTypeOf<Context>();
    });
  });

  it("asyncFilter declares what an async predicate proves", () => {
    const paidGroup = asyncFilter<GroupContext>(async (c) => c.isGroup());
    filter(paidGroup, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    // @ts-expect-error a filter takes a context, not a string
    filter((text: string) => text.length > 0);
  });
});
