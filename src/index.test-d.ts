import type { Client, Dm, Group } from "@xmtp/node-sdk";
import type * as switchboard from "switchboard";
import type {
  ActionTap,
  Agent,
  AgentDefinition,
  Command,
  CommandDirectory,
  CommandInfo,
  CommandRunResult,
  Composer,
  Context,
  CreateAgentOptions,
  ErrorCode,
  EventName,
  HookName,
  Middleware,
  MiddlewareFn,
  Next,
  OutboundKind,
  Skill,
  SkillServices,
  Store,
  SwitchboardError,
} from "switchboard";
import { describe, expectTypeOf, it } from "vitest";

/** The shape of the public API; a failure here is a breaking change to review, not to patch over. */
describe("the exported surface of `switchboard`", () => {
  it("creates an agent from options and hands back an Agent", () => {
    expectTypeOf<typeof switchboard.createAgent>().toEqualTypeOf<
      (options: CreateAgentOptions) => Promise<Agent>
    >();
    expectTypeOf<CreateAgentOptions["name"]>().toEqualTypeOf<string>();
    expectTypeOf<CreateAgentOptions["skills"]>().toEqualTypeOf<readonly Skill[] | undefined>();
    expectTypeOf<AgentDefinition>().toEqualTypeOf<
      Omit<CreateAgentOptions, "config" | "logDestination">
    >();
  });

  it("shapes the Agent like agent-sdk's", () => {
    expectTypeOf<Agent["client"]>().toEqualTypeOf<Client>();
    expectTypeOf<Agent["address"]>().toEqualTypeOf<string>();
    expectTypeOf<Agent["inboxId"]>().toEqualTypeOf<string>();
    expectTypeOf<Agent["start"]>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Agent["stop"]>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Agent["use"]>().parameters.toEqualTypeOf<Middleware<Context>[]>();
    expectTypeOf<Agent["catch"]>()
      .parameter(0)
      .toEqualTypeOf<(error: SwitchboardError<ErrorCode, Context>) => unknown>();
    expectTypeOf<Agent["createDmWithAddress"]>().returns.toEqualTypeOf<Promise<Dm>>();
    expectTypeOf<Agent["createGroupWithAddresses"]>().returns.toEqualTypeOf<Promise<Group>>();
    const agent = {} as Agent;
    agent.catch((error) => expectTypeOf(error.ctx).toEqualTypeOf<Context | undefined>());
    agent.on("text", (ctx) => expectTypeOf(ctx.content).toEqualTypeOf<string>());
    agent.on("member-added", (_ctx, change) =>
      expectTypeOf(change.inboxIds).toEqualTypeOf<string[]>(),
    );
    agent.on("error", (error) => expectTypeOf(error).toEqualTypeOf<SwitchboardError>());
    agent.on("ready", () => undefined);
    // @ts-expect-error not an event
    agent.on("txt", () => undefined);
  });

  it("makes skills middleware built from composers", () => {
    expectTypeOf<ReturnType<Skill["middleware"]>>().toEqualTypeOf<MiddlewareFn<Context>>();
    expectTypeOf<ReturnType<Composer["middleware"]>>().toEqualTypeOf<MiddlewareFn<Context>>();
    expectTypeOf<Skill>().toExtend<Middleware<Context>>();
    expectTypeOf<Composer>().toExtend<Middleware<Context>>();
    expectTypeOf<Skill["observer"]>().toEqualTypeOf<boolean>();
    expectTypeOf<keyof SkillServices>().toEqualTypeOf<"store" | "log" | "contextFor">();
    expectTypeOf<ActionTap<{ n: number }>["metadata"]>().toEqualTypeOf<{ n: number }>();
    expectTypeOf<MiddlewareFn<Context>>().toEqualTypeOf<
      (ctx: Context, next: Next) => Promise<void> | void
    >();
  });

  it("offers the contract's command directory on every context", () => {
    expectTypeOf<Context["commands"]>().toEqualTypeOf<CommandDirectory>();
    expectTypeOf<Context["throttled"]>().toEqualTypeOf<boolean>();
    expectTypeOf<CommandDirectory["available"]>().toEqualTypeOf<
      (ctx: Context) => Promise<CommandInfo[]>
    >();
    expectTypeOf<CommandDirectory["run"]>().toEqualTypeOf<
      (ctx: Context, name: string, args: readonly string[]) => Promise<CommandRunResult>
    >();
    expectTypeOf<CommandInfo>().toEqualTypeOf<{
      name: string;
      description: string;
      skill: string;
      command: Command;
    }>();
  });

  it("writes only through the context's gated methods", () => {
    expectTypeOf<Context["createDm"]>().returns.toEqualTypeOf<Promise<Dm>>();
    expectTypeOf<Context["createGroup"]>().returns.toEqualTypeOf<Promise<Group>>();
    expectTypeOf<Context>().toHaveProperty("sendAttachment");
    expectTypeOf<Context>().toHaveProperty("sendRemoteAttachment");
    expectTypeOf<Context>().toHaveProperty("sendWalletSendCalls");
    expectTypeOf<Context>().toHaveProperty("sendTransactionReference");
    expectTypeOf<Context>().toHaveProperty("sendContent");
    expectTypeOf<OutboundKind>().toEqualTypeOf<
      "message" | "reaction" | "membership" | "metadata" | "conversation"
    >();
  });

  it("has one error type with a closed code union and the context", () => {
    expectTypeOf<SwitchboardError["code"]>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<"SB_ERR_MIDDLEWARE_FAILED">().toExtend<ErrorCode>();
    expectTypeOf<"SB_STORE_INVALID_KEY">().toExtend<ErrorCode>();
    expectTypeOf<SwitchboardError["ctx"]>().toExtend<{ event: string } | undefined>();
    expectTypeOf<switchboard.StoreError>().toExtend<SwitchboardError>();
  });

  it("keeps the lifecycle vocabulary", () => {
    expectTypeOf<HookName>().toEqualTypeOf<"onStart" | "onReady" | "preClose" | "onClose">();
    expectTypeOf<"conversation">().toExtend<EventName>();
    expectTypeOf<Store["get"]>().toBeFunction();
  });

  it("names filters by what they do when the predicate fails", () => {
    expectTypeOf<typeof switchboard.only>().returns.toEqualTypeOf<MiddlewareFn<Context>>();
    expectTypeOf<typeof switchboard.when>().returns.toEqualTypeOf<MiddlewareFn<Context>>();
    expectTypeOf<typeof switchboard>().not.toHaveProperty("filter");
  });
});
