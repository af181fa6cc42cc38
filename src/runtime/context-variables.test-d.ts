// "switchboard" resolves to src/index.ts through tsconfig `paths`, as a user's import would
// resolve to the package: the augmentation below must reach the Context users get.
import { type Context, createAgent, type MiddlewareFn } from "switchboard";
import { describe, expectTypeOf, it } from "vitest";

declare module "switchboard" {
  interface ContextVariables {
    requestId: string;
    attempts: number;
  }
}

describe("ContextVariables augmentation of module 'switchboard'", () => {
  it("types ctx.set and ctx.get by key", () => {
    const tagRequest: MiddlewareFn<Context> = async (ctx, next) => {
      ctx.set("requestId", "abc");
      ctx.set("attempts", 1);
      expectTypeOf(ctx.get("requestId")).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.get("attempts")).toEqualTypeOf<number | undefined>();
      // @ts-expect-error the value type is checked
      ctx.set("attempts", "one");
      // @ts-expect-error unknown keys are refused
      ctx.get("nope");
      await next();
    };
    expectTypeOf(tagRequest).toExtend<MiddlewareFn<Context>>();
  });

  it("reaches contexts handed to agent handlers", async () => {
    const agent = await createAgent({ name: "typed" });
    agent.on("text", (ctx) => {
      expectTypeOf(ctx.get("requestId")).toEqualTypeOf<string | undefined>();
    });
  });
});
