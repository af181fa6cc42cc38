import type { Group } from "@xmtp/node-sdk";
import { z } from "zod";
import { type Context, defineSkill } from "../../index.js";
import { memberLabel } from "../membership/member-label.js";
import { type ResolvedMember, resolveMembers } from "../membership/member-ref.js";
import { formatDuration, parseDuration } from "../polls/duration.js";
import { findContentViolation } from "./check-content.js";
import { Enforcer } from "./enforcer.js";
import { formatModLogEntry, ModLog } from "./mod-log.js";
import {
  kickCommand,
  modlogCommand,
  ruleCommand,
  rulesCommand,
  strikesCommand,
  warnCommand,
} from "./moderation-commands.js";
import { normalizeText } from "./normalize-text.js";
import { parseRuleSpec } from "./parse-rule.js";
import { describeRule, RULE_TITLES, type Rule, ruleSpecSchema } from "./rule.js";
import { MAX_RULES, RuleBook } from "./rule-book.js";
import { Strikes } from "./strikes.js";
import { activitySchema, trackActivity } from "./track-activity.js";
import type { Violation } from "./violation.js";

const DAY = 24 * 3_600_000;
const DURATION_HINT = 'expected a duration such as "24h", "7d" or "90m"';

const configSchema = z.object({
  /** Strikes after which a member is removed. */
  strikeLimit: z.number().int().min(1).max(100).default(3),
  /**
   * How long a strike counts: "24h", "7d", "90m", or milliseconds. A member is removed for
   * `strikeLimit` strikes within this window.
   */
  strikeWindow: z
    .union([
      z.number().int().min(1_000),
      z.string().transform((text, ctx) => {
        const ms = parseDuration(text);
        if (ms === undefined) ctx.addIssue({ code: "custom", message: DURATION_HINT });
        return ms ?? 0;
      }),
    ])
    .pipe(
      z
        .number()
        .int()
        .min(1_000)
        .max(365 * DAY),
    )
    .default(DAY),
  /** The rules of every group until its admins change them. */
  rules: z.array(ruleSpecSchema).max(MAX_RULES).default([]),
  /** Admins' messages are not checked. */
  exemptAdmins: z.boolean().default(true),
  /** Mod log entries kept per group. */
  modlogSize: z.number().int().min(10).max(100_000).default(500),
});

/** The moderation skill's options, defaults applied (`strikeWindow` in milliseconds). */
export type ModerationConfig = z.output<typeof configSchema>;

type CommandContext = Context<"text" | "markdown">;

/**
 * Group moderation: per-group rules (blocked words and patterns, links, message rate and
 * length, repeats) that admins manage in the chat; each violation is a strike, and at
 * `strikeLimit` strikes within `strikeWindow` the member is removed, if the agent's role
 * allows it. Everything it does is answered in a quoted reply, logged, and kept in a mod log
 * admins read with `/modlog`.
 *
 * Evasion-resistant by construction: every rule reads the whole message in one normal form
 * (`normalizeText`: NFKD, invisible characters and stray combining marks removed, look-alike
 * letters of other scripts folded to ASCII by Unicode's confusables, case folded), patterns
 * use RE2 syntax and run in linear time with no cap on the text (backreferences and
 * lookaround are refused when added), and the skill is an observer: it sees a throttled
 * sender's messages too, so flooding does not switch it off.
 *
 * @example
 * const skills = [moderation({ strikeLimit: 3, strikeWindow: "24h", rules: [{ type: "length", max: 2000 }] })];
 */
export const moderation = defineSkill({
  name: "moderation",
  description: "Group rules, strikes and removals, with a mod log",
  // It must see every message, a flooding sender's included: throttling must not switch it off.
  observer: true,
  config: configSchema,
  setup(skill, config) {
    const moderate = (ctx: Context) => moderateMessage(ctx, config);
    skill.on("text", moderate);
    skill.on("markdown", moderate);
    skill.on("reply", moderate);

    skill.command(rulesCommand, (_args, ctx) => listRules(ctx, config));
    skill.command(ruleCommand, ([verb, ...values], ctx) =>
      verb === "add" ? addRule(ctx, config, values) : removeRule(ctx, config, values),
    );
    skill.command(warnCommand, ([ref, ...reason], ctx) =>
      byHand(ctx, config, { ref, reason, verb: "warned" }, (enforcer, member, by, note) =>
        enforcer.strike(member, { action: "warn", by, reason: note }),
      ),
    );
    skill.command(kickCommand, ([ref, ...reason], ctx) =>
      byHand(ctx, config, { ref, reason, verb: "kicked" }, (enforcer, member, by, note) =>
        enforcer.remove(member, { action: "kick", by, why: note }),
      ),
    );
    skill.command(strikesCommand, ([ref], ctx) => showStrikes(ctx, config, ref));
    skill.command(modlogCommand, async ([count], ctx) => {
      const group = ctx.requireGroup();
      const entries = await new ModLog(ctx.store, config.modlogSize).latest(group.id, count);
      await ctx.reply(
        entries.length > 0
          ? entries.map(formatModLogEntry).join("\n")
          : "The mod log of this group is empty.",
      );
    });
  },
});

async function moderateMessage(ctx: Context, config: ModerationConfig): Promise<void> {
  const text = ctx.text;
  const sender = ctx.senderInboxId;
  if (!ctx.isGroup() || text === undefined || !sender) return;
  if (config.exemptAdmins && (await ctx.isAdmin())) return;
  const group = ctx.conversation;
  const rules = await new RuleBook(ctx.store, config.rules).list(group.id, ctx.log);
  if (rules.length === 0) return;
  const normalized = normalizeText(text);
  const history = await recordActivity(ctx, group.id, sender, normalized, rules);
  const violation: Violation | undefined = findContentViolation(rules, text, normalized) ?? history;
  if (!violation) return;
  const member = { inboxId: sender, label: memberLabel(await group.members(), sender) };
  const rule = ruleName(violation.rule);
  await new Enforcer(ctx, group, config).strike(member, {
    action: "strike",
    by: "auto",
    rule,
    reason: `${rule}: ${violation.reason}`,
  });
}

/** Feeds the rate and repeat rules; their state lives in the store, so it survives restarts. */
async function recordActivity(
  ctx: Context,
  groupId: string,
  sender: string,
  normalizedText: string,
  rules: readonly Rule[],
): Promise<Violation | undefined> {
  const windows = rules.flatMap((rule) => (rule.spec.type === "rate" ? [rule.spec.windowMs] : []));
  if (windows.length === 0 && !rules.some((rule) => rule.spec.type === "repeat")) return undefined;
  // When it was sent, not when it is seen: messages replayed after downtime are no burst.
  const sentNs = ctx.message?.sentAtNs;
  const at = sentNs === undefined ? Date.now() : Number(sentNs / 1_000_000n);
  let violation: Violation | undefined;
  await ctx.store.update(
    `activity:${groupId}:${sender}`,
    (current) => {
      const tracked = trackActivity(
        activitySchema.safeParse(current).data,
        { normalizedText, at },
        rules,
      );
      violation = tracked.violation;
      return tracked.next;
    },
    { ttlMs: Math.max(DAY, ...windows) },
  );
  return violation;
}

const ruleName = (rule: Rule) => `rule #${rule.id} (${RULE_TITLES[rule.spec.type]})`;

async function listRules(ctx: CommandContext, config: ModerationConfig) {
  if (!ctx.isGroup()) return ctx.reply("Rules belong to groups: ask me in one.");
  const rules = await new RuleBook(ctx.store, config.rules).list(ctx.conversation.id, ctx.log);
  if (rules.length === 0) {
    return ctx.reply(
      "This group has no rules yet. Admins add them with /rule add <type> <value...>.",
    );
  }
  await ctx.reply(
    [
      `Rules (${config.strikeLimit} strikes within ${formatDuration(config.strikeWindow)} and you are removed):`,
      ...rules.map((rule) => `#${rule.id} ${describeRule(rule.spec)}`),
    ].join("\n"),
  );
}

async function addRule(ctx: CommandContext, config: ModerationConfig, values: string[]) {
  const group = ctx.requireGroup();
  const parsed = parseRuleSpec(values);
  if (!parsed.ok) return ctx.reply(`I can't add that rule: ${parsed.error}`);
  const rule = await new RuleBook(ctx.store, config.rules).add(group.id, parsed.spec);
  if (!rule) return ctx.reply(`This group already has ${MAX_RULES} rules; remove one first.`);
  const description = `#${rule.id} ${describeRule(rule.spec)}`;
  await new Enforcer(ctx, group, config).record({
    action: "rule-added",
    by: await senderLabel(ctx, group),
    rule: description,
  });
  await ctx.reply(`Added rule ${description}.`);
}

async function removeRule(ctx: CommandContext, config: ModerationConfig, values: string[]) {
  const group = ctx.requireGroup();
  const id = values.length === 1 ? /^#?(\d{1,9})$/.exec(values[0]!)?.[1] : undefined;
  if (id === undefined) return ctx.reply("Usage: /rule remove <id> (the numbers /rules shows)");
  const removed = await new RuleBook(ctx.store, config.rules).remove(group.id, Number(id));
  if (!removed) return ctx.reply(`There is no rule #${id}. See /rules.`);
  const spec = ruleSpecSchema.safeParse(removed.spec);
  const description = `#${id} ${spec.success ? describeRule(spec.data) : "(an invalid rule)"}`;
  await new Enforcer(ctx, group, config).record({
    action: "rule-removed",
    by: await senderLabel(ctx, group),
    rule: description,
  });
  await ctx.reply(`Removed rule ${description}.`);
}

async function showStrikes(ctx: CommandContext, config: ModerationConfig, ref?: string) {
  const group = ctx.requireGroup();
  const strikes = new Strikes(ctx.store, config.strikeWindow);
  const limit = config.strikeLimit;
  if (ref !== undefined) {
    const member = await findTarget(ctx, group, ref);
    if (!member) return;
    const count = await strikes.count(group.id, member.inboxId);
    return ctx.reply(`${member.label} has ${count}/${limit} strikes.`);
  }
  const all = await strikes.all(group.id);
  if (all.length === 0) return ctx.reply("Nobody in this group has strikes.");
  const members = await group.members();
  await ctx.reply(
    all
      .map(({ inboxId, count }) => `${memberLabel(members, inboxId)}: ${count}/${limit}`)
      .join("\n"),
  );
}

/**
 * Runs an admin's `/warn` or `/kick` on the member it names; `note` says who and why:
 * "warned by 0x12…34: off topic".
 */
async function byHand(
  ctx: CommandContext,
  config: ModerationConfig,
  request: { ref: string; reason: string[]; verb: "warned" | "kicked" },
  act: (enforcer: Enforcer, member: ResolvedMember, by: string, note: string) => Promise<unknown>,
) {
  const group = ctx.requireGroup();
  const member = await findTarget(ctx, group, request.ref);
  if (!member) return;
  const by = await senderLabel(ctx, group);
  const why = request.reason.length > 0 ? `: ${request.reason.join(" ")}` : "";
  await act(new Enforcer(ctx, group, config), member, by, `${request.verb} by ${by}${why}`);
}

/** The member a moderation command names, or undefined after telling the admin why not. */
async function findTarget(
  ctx: CommandContext,
  group: Group,
  ref: string,
): Promise<ResolvedMember | undefined> {
  const { found, problems } = await resolveMembers(ctx.client, group, [ref], "member");
  const member = found[0];
  if (member?.inboxId === ctx.agentInboxId) {
    await ctx.reply("That is me: I don't moderate myself.");
    return undefined;
  }
  if (!member) await ctx.reply(problems.join("\n"));
  return member;
}

async function senderLabel(ctx: Context, group: Group): Promise<string> {
  return memberLabel(await group.members(), ctx.senderInboxId ?? "");
}
