import { isAddress } from "viem";
import { type Context, defineSkill, isSwitchboardError, type SkillServices } from "../../index.js";
import { formatDuration } from "../polls/duration.js";
import { type BindRequest, buildCondition } from "./build-condition.js";
import { chainProblem } from "./chain-problem.js";
import { createChainReader } from "./chain-reader.js";
import { describeGate } from "./describe-gate.js";
import { gateCommands } from "./gate-commands.js";
import { type GateGroup, gateGroupOf } from "./gate-group.js";
import { GATE_USAGE, parseGateRequest } from "./gate-request.js";
import { GateStore } from "./gate-store.js";
import { findGatedGroup, type GatedGroup, listGatedGroups } from "./gated-groups.js";
import { joinGroup, joinReply } from "./join-group.js";
import { type RecheckReport, recheckGroup } from "./recheck-group.js";
import { recheckGroups } from "./recheck-groups.js";
import { RecheckScheduler } from "./recheck-scheduler.js";
import { tokenGateConfigSchema } from "./token-gate-config.js";

type CommandContext = Context<"text" | "markdown">;

/** What onStart builds from the runtime: the skill's store view, its groups, its timers. */
interface Running {
  gates: GateStore;
  groupFor(groupId: string): Promise<GateGroup | undefined>;
  scheduler: RecheckScheduler;
}

/** Join buttons stay usable for a day; `/groups` sends fresh ones. */
const JOIN_BUTTONS_MS = 86_400_000;
/** XMTP shows at most 10 buttons in one actions message. */
const MAX_BUTTONS = 10;

/**
 * Token-gated groups. A group admin binds the group to a condition (an ERC-20 balance, an
 * ERC-721 token, or all/any of several) with `/gate erc20 <token> <min>`, `/gate erc721
 * <token> [id]` or `/gate set <json>`; people DM the agent `/join <group>` (or tap a button
 * from `/groups`) and are added when their address qualifies, or told what they lack. Every
 * `recheckIntervalMs` (and on `/gate recheck`) members are checked again: whoever no longer
 * qualifies is warned in the group and removed after `graceMs`. Admins and the agent are
 * exempt. The agent must be an admin of the group to add and remove members.
 *
 * An RPC endpoint that cannot be read never counts as "not qualified": joiners are told to try
 * later and nobody is removed. Gates and grace periods live in the store and survive restarts.
 *
 * @example
 * await runAgent({ name: "gatekeeper", skills: [tokenGate({ rpcUrl: process.env.RPC_URL! })] });
 */
export const tokenGate = defineSkill({
  name: "token-gate",
  description:
    "Token-gated groups: DM /join to get in if you hold the tokens; members who stop holding them are warned, then removed",
  config: tokenGateConfigSchema,
  setup(skill, config) {
    const reader = createChainReader(config.rpcUrl, {
      timeoutMs: config.rpcTimeoutMs,
      retryCount: config.rpcRetryCount,
    });
    const { graceMs, recheckIntervalMs } = config;
    let running: Running | undefined;

    function current(): Running {
      if (!running) throw new Error("the token gate has not started");
      return running;
    }

    skill.onStart(async (services: SkillServices) => {
      const gates = new GateStore(services.store);
      const groupFor = async (groupId: string) => gateGroupOf(await services.contextFor(groupId));
      const scheduler = new RecheckScheduler({
        gates,
        intervalMs: recheckIntervalMs,
        graceMs,
        log: services.log,
        recheck: (scope) =>
          recheckGroups(scope, { reader, gates, graceMs, groupFor, log: services.log }),
      });
      running = { gates, groupFor, scheduler };
      await scheduler.start();
      if (config.chainId !== undefined) warnOnWrongChain(config.chainId, services);
    });

    // Only the timers stop: the runtime drains queued messages after its stop hooks, and
    // their /join and /gate must still work.
    skill.onStop(async () => {
      await running?.scheduler.stop();
    });

    /** Logged, not thrown: the endpoint may just be down at start, which checks handle. */
    function warnOnWrongChain(expected: number, services: SkillServices) {
      reader.chainId().then(
        (actual) => {
          if (actual !== expected) {
            services.log.error(
              { code: "SB_ERR_TOKEN_GATE_WRONG_CHAIN", expected, actual },
              "the RPC endpoint serves another chain than configured; every check will fail",
            );
          }
        },
        (error: unknown) => services.log.warn({ err: error }, "could not read the chain id"),
      );
    }

    skill.command(gateCommands.gate, async ([action, ...args], ctx) => {
      if (!ctx.isGroup()) {
        await ctx.reply("Use /gate in the group you want to gate. Here, try /groups or /join.");
        return;
      }
      const parsed = parseGateRequest(action, args, ctx.text ?? "");
      if (!parsed.ok) {
        await ctx.reply(parsed.error);
        return;
      }
      const { request } = parsed;
      if (request.action === "show") return showGate(ctx);
      // Roles as they stand now, not as this agent last saw them: an admin demoted a moment
      // ago must not slip a gate change through.
      await ctx.conversation.sync();
      if (!(await ctx.isAdmin())) {
        await ctx.reply("Only group admins can change the gate. /gate shows it.");
        return;
      }
      if (request.action === "off") return removeGate(ctx);
      if (request.action === "recheck") return recheckHere(ctx);
      return bindGate(ctx, request);
    });

    async function showGate(ctx: CommandContext) {
      const binding = await current().gates.binding(ctx.conversation.id);
      await ctx.reply(
        binding
          ? `This group is token-gated. Condition: ${await describeGate(reader, binding.condition)}. To get in, DM me /join ${groupName(ctx)}.`
          : `This group has no token gate. Admins can set one: ${GATE_USAGE.erc20}, ${GATE_USAGE.erc721} or ${GATE_USAGE.set}.`,
      );
    }

    async function removeGate(ctx: CommandContext) {
      const removed = await current().gates.unbind(ctx.conversation.id);
      await ctx.reply(
        removed
          ? "Gate removed: I no longer check members here, and pending removals are cancelled."
          : "This group has no token gate.",
      );
    }

    async function bindGate(ctx: CommandContext, request: BindRequest) {
      let condition: Awaited<ReturnType<typeof buildCondition>>;
      try {
        condition = await buildCondition(request, reader, config.chainId);
      } catch (error) {
        if (isSwitchboardError(error, "SB_ERR_TOKEN_GATE_INVALID_CONDITION")) {
          await ctx.reply(`${error.message}\nUsage: ${GATE_USAGE[request.action]}`);
          return;
        }
        await replyChainProblem(ctx, error);
        return;
      }
      const groupId = ctx.conversation.id;
      await current().gates.bind(groupId, {
        condition,
        setBy: ctx.message.senderInboxId,
        setAt: Date.now(),
      });
      ctx.log.info({ groupId, condition }, "token gate set");
      const checks =
        recheckIntervalMs > 0
          ? `Members are checked every ${formatDuration(recheckIntervalMs)}, or now with /gate recheck.`
          : "Members are checked when an admin sends /gate recheck.";
      const lines = [
        `Gate set. Condition: ${await describeGate(reader, condition)}.`,
        `To get in, people DM me /join ${groupName(ctx)}. ${checks}`,
      ];
      if (!(await ctx.isAdmin(ctx.agentInboxId))) {
        lines.push(
          "Note: I'm not an admin of this group yet, so I can't add or remove anyone. Please make me an admin.",
        );
      }
      await ctx.reply(lines.join("\n"));
    }

    async function recheckHere(ctx: CommandContext) {
      const { gates, scheduler } = current();
      const binding = await gates.binding(ctx.conversation.id);
      const group = gateGroupOf(ctx);
      if (!binding || !group) {
        await ctx.reply("This group has no token gate.");
        return;
      }
      let report: RecheckReport;
      try {
        report = await scheduler.run(() =>
          recheckGroup(group, binding.condition, { reader, gates, graceMs }),
        );
      } catch (error) {
        await replyChainProblem(ctx, error);
        return;
      }
      await ctx.reply(recheckSummary(report));
    }

    skill.command(gateCommands.join, async (words, ctx) => {
      if (!ctx.isDm()) {
        await ctx.reply("DM me /join <group> to ask to join a token-gated group.");
        return;
      }
      const query = words.join(" ");
      const { gates, groupFor } = current();
      const lookup = findGatedGroup(await listGatedGroups(gates, groupFor), query);
      if (lookup.kind === "none") {
        await ctx.reply(
          `"${query}" is not a token-gated group I manage. Send /groups to see them.`,
        );
      } else if (lookup.kind === "ambiguous") {
        const ids = lookup.matches.map(({ group }) => group.id).join(", ");
        await ctx.reply(`Several gated groups are called "${query}". Use /join <id>: ${ids}`);
      } else {
        await ctx.reply(await requestJoin(ctx, lookup.gated));
      }
    });

    skill.command(gateCommands.groups, async (_args, ctx) => {
      if (!ctx.isDm()) {
        await ctx.reply("DM me /groups to see the token-gated groups you can join.");
        return;
      }
      const { gates, groupFor } = current();
      const groups = await listGatedGroups(gates, groupFor);
      if (groups.length === 0) {
        await ctx.reply("There are no token-gated groups yet.");
        return;
      }
      const lines = await Promise.all(
        groups.map(
          async ({ group, binding }) =>
            `• ${group.name}: ${await describeGate(reader, binding.condition)}`,
        ),
      );
      await ctx.reply(
        `Token-gated groups:\n${lines.join("\n")}\nSend /join <name>, or tap a button below.`,
      );
      await ctx.sendActions({
        description: "Ask to join a token-gated group",
        handler: "join",
        expiresInMs: JOIN_BUTTONS_MS,
        actions: groups.slice(0, MAX_BUTTONS).map(({ group }) => ({
          id: group.id,
          label: `Join ${group.name}`.slice(0, 60),
          style: "primary" as const,
        })),
      });
    });

    // The button's id is the group's id, checked against the record of buttons this DM got.
    skill.action("join", async (ctx, tap) => {
      const { gates, groupFor } = current();
      const binding = await gates.binding(tap.actionId);
      const group = binding && (await groupFor(tap.actionId));
      await ctx.reply(
        binding && group
          ? await requestJoin(ctx, { group, binding })
          : "That group is no longer token-gated. Send /groups for the current list.",
      );
    });

    /** Checks the sender for `gated` and adds them if they qualify; returns the answer. */
    async function requestJoin(ctx: Context, { group, binding }: GatedGroup): Promise<string> {
      const address = await ctx.getSenderAddress();
      const outcome = await joinGroup(reader, group, binding.condition, {
        inboxId: ctx.senderInboxId!,
        address: address !== undefined && isAddress(address) ? address : undefined,
      });
      ctx.log.info({ groupId: group.id, outcome: outcome.kind }, "join request");
      return joinReply(outcome, group.name);
    }
  },
});

function groupName(ctx: CommandContext): string {
  return gateGroupOf(ctx)?.name ?? ctx.conversation.id;
}

async function replyChainProblem(ctx: CommandContext, error: unknown): Promise<void> {
  const problem = chainProblem(error);
  if (problem === undefined) throw error;
  ctx.log.warn({ err: error }, "token gate could not read the chain");
  await ctx.reply(problem);
}

function recheckSummary(report: RecheckReport): string {
  if (report.agentNotAdmin) {
    return "I'm not an admin of this group, so I can't remove anyone. Please make me an admin first.";
  }
  const { checked, warned, removed, cleared, pending } = report;
  const parts = [
    warned.length > 0 && `${warned.length} warned`,
    pending.length > 0 && `${pending.length} still in their grace period`,
    removed.length > 0 && `${removed.length} removed`,
    cleared.length > 0 && `${cleared.length} qualify again`,
  ].filter(Boolean);
  const members = `${checked} member${checked === 1 ? "" : "s"}`;
  return parts.length > 0
    ? `Rechecked ${members}: ${parts.join(", ")}.`
    : `Rechecked ${members}: everyone qualifies.`;
}
