import { afterEach, describe, expect, it, vi } from "vitest";
import { isSwitchboardError } from "../errors/switchboard-error.js";
import { compose } from "./compose.js";
import type { MiddlewareFn } from "./middleware.js";

type Ctx = { trail: string[] };
const tracer =
  (name: string): MiddlewareFn<Ctx> =>
  async (ctx, next) => {
    ctx.trail.push(`${name}>`);
    await next();
    ctx.trail.push(`<${name}`);
  };

const callsNextTwice: MiddlewareFn<Ctx> = async (_ctx, next) => {
  await next();
  await next();
};

describe("compose", () => {
  it("runs middleware around each other, in order", async () => {
    const ctx: Ctx = { trail: [] };
    await compose([tracer("a"), tracer("b"), { middleware: () => tracer("c") }])(ctx);
    expect(ctx.trail).toEqual(["a>", "b>", "c>", "<c", "<b", "<a"]);
  });

  it("stops when a middleware does not call next", async () => {
    const ctx: Ctx = { trail: [] };
    const stop: MiddlewareFn<Ctx> = (c) => {
      c.trail.push("stop");
    };
    await compose([tracer("a"), stop, tracer("never")])(ctx);
    expect(ctx.trail).toEqual(["a>", "stop", "<a"]);
  });

  it("runs the final handler after the chain", async () => {
    const ctx: Ctx = { trail: [] };
    await compose([tracer("a")])(ctx, async () => {
      ctx.trail.push("final");
    });
    expect(ctx.trail).toEqual(["a>", "final", "<a"]);
  });

  it("propagates errors to the awaiting middleware", async () => {
    const seen: unknown[] = [];
    const boundary: MiddlewareFn<Ctx> = async (_ctx, next) => {
      try {
        await next();
      } catch (error) {
        seen.push(error);
      }
    };
    const boom: MiddlewareFn<Ctx> = () => {
      throw new Error("boom");
    };
    await compose([boundary, boom])({ trail: [] });
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toBe("boom");
  });

  it("throws SB_ERR_MIDDLEWARE_NEXT_TWICE on a second next()", async () => {
    const error = await compose([callsNextTwice])({ trail: [] }).catch((e: unknown) => e);
    expect(isSwitchboardError(error, "SB_ERR_MIDDLEWARE_NEXT_TWICE")).toBe(true);
  });

  it("throws SB_ERR_MIDDLEWARE_NOT_AWAITED when next() is left running", async () => {
    const careless: MiddlewareFn<Ctx> = (_ctx, next) => {
      void next();
    };
    const slow: MiddlewareFn<Ctx> = () => new Promise((resolve) => setTimeout(resolve, 20));
    const error = await compose([careless, slow])({ trail: [] }).catch((e: unknown) => e);
    expect(isSwitchboardError(error, "SB_ERR_MIDDLEWARE_NOT_AWAITED")).toBe(true);
  });

  it("accepts `return next()` without await", async () => {
    const ctx: Ctx = { trail: [] };
    const passthrough: MiddlewareFn<Ctx> = (_ctx, next) => next();
    await compose([passthrough, tracer("b")])(ctx);
    expect(ctx.trail).toEqual(["b>", "<b"]);
  });

  it("lets an error boundary catch a failure below it without calling it unawaited", async () => {
    const ctx: Ctx = { trail: [] };
    const boundary: MiddlewareFn<Ctx> = async (c, next) => {
      try {
        await next();
      } catch {
        c.trail.push("caught");
      }
    };
    const failing: MiddlewareFn<Ctx> = async () => {
      await Promise.resolve();
      throw new Error("late");
    };
    await compose([boundary, tracer("b"), failing])(ctx);
    expect(ctx.trail).toEqual(["b>", "caught"]);
  });

  it("runs a chain of synchronous middleware to the end", async () => {
    const ctx: Ctx = { trail: [] };
    const sync =
      (name: string): MiddlewareFn<Ctx> =>
      (c, next) => {
        c.trail.push(name);
        return next();
      };
    await compose([sync("a"), sync("b")])(ctx, () => {
      ctx.trail.push("end");
      return Promise.resolve();
    });
    expect(ctx.trail).toEqual(["a", "b", "end"]);
  });
});

describe("compose with NODE_ENV=production", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const composeInProduction = <C>(middleware: MiddlewareFn<C>[]) => {
    vi.stubEnv("NODE_ENV", "production");
    return compose(middleware);
  };

  it("still throws SB_ERR_MIDDLEWARE_NEXT_TWICE on a second next()", async () => {
    const error = await composeInProduction([callsNextTwice])({ trail: [] }).catch(
      (e: unknown) => e,
    );
    expect(isSwitchboardError(error, "SB_ERR_MIDDLEWARE_NEXT_TWICE")).toBe(true);
  });

  it("skips the missing-await check, which development keeps", async () => {
    const ctx: Ctx = { trail: [] };
    let finishTail = () => {};
    const careless: MiddlewareFn<Ctx> = (_ctx, next) => {
      void next();
    };
    const tail: MiddlewareFn<Ctx> = (c) =>
      new Promise<void>((resolve) => {
        finishTail = () => {
          c.trail.push("tail");
          resolve();
        };
      });
    await composeInProduction([careless, tail])(ctx);
    expect(ctx.trail).toEqual([]);
    finishTail();
    expect(ctx.trail).toEqual(["tail"]);
  });

  it("runs middleware around each other and propagates errors", async () => {
    const ctx: Ctx = { trail: [] };
    await composeInProduction([tracer("a"), tracer("b")])(ctx);
    expect(ctx.trail).toEqual(["a>", "b>", "<b", "<a"]);
    const boom: MiddlewareFn<Ctx> = () => {
      throw new Error("boom");
    };
    await expect(composeInProduction([tracer("a"), boom])({ trail: [] })).rejects.toThrow("boom");
  });
});
