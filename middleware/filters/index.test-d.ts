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
  type GroupContext,
  groupOnly,
  mentionsAgent,
  not,
  only,
  or,
  senderIsAdmin,
  startsWithCommand,
  when,
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

  it("narrows the middleware given to only(), also for async filters", () => {
    only(groupOnly, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    only(senderIsAdmin, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    only(contentType("reaction"), (narrowed) => {
      expectTypeOf(narrowed.content).toEqualTypeOf<Reaction>();
    });
    // Plain predicates, sync or async, narrow nothing.
    only(allowAddresses(["0xabc"]), (plain) => {
      expectTypeOf(plain).toEqualTypeOf<Context>();
    });
    only(
      (c) => c.text === "hi",
      (plain) => {
        expectTypeOf(plain).toEqualTypeOf<Context>();
      },
    );
    expectTypeOf(only(groupOnly)).toEqualTypeOf<MiddlewareFn<Context>>();
  });

  it("narrows the middleware given to when(), which skips rather than stops", () => {
    when(groupOnly, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    expectTypeOf(when(groupOnly)).toEqualTypeOf<MiddlewareFn<Context>>();
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
    only(adminText, (narrowed) => {
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
    only(not(groupOnly), (plain) => {
      expectTypeOf(plain).toEqualTypeOf<Context>();
    });
  });

  it("asyncFilter declares what an async predicate proves", () => {
    const paidGroup = asyncFilter<GroupContext>(async (c) => c.isGroup());
    only(paidGroup, (narrowed) => {
      expectTypeOf(narrowed.conversation).toExtend<Group>();
    });
    // @ts-expect-error a filter takes a context, not a string
    only((text: string) => text.length > 0);
  });
});
