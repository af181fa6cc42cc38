import type { Group } from "@xmtp/node-sdk";
import { z } from "zod";
import { type Context, defineSkill } from "../../index.js";
import { changeGroup } from "./group-change.js";
import type { GroupAction } from "./group-permission.js";
import { memberLabel } from "./member-label.js";
import { type ResolvedMember, resolveMembers } from "./member-ref.js";
import {
  addCommand,
  demoteCommand,
  descriptionCommand,
  groupDescriptionSchema,
  groupNameSchema,
  nameCommand,
  promoteCommand,
  removeCommand,
} from "./membership-commands.js";
import { renderWelcome, welcomeTemplateSchema } from "./welcome-template.js";

const DEFAULT_WELCOME = "Welcome {name}! There are {count} of us here now. Say hi 👋";
const DEFAULT_JOINED = "Hi everyone, thanks for adding me! Type /help to see what I can do here.";

const configSchema = z.object({
  /** Posted when members join; `false` turns greetings off. */
  welcome: z.union([welcomeTemplateSchema, z.literal(false)]).default(DEFAULT_WELCOME),
  /** Posted by the agent when it is added to a group; `false` keeps it quiet. */
  joined: z.union([z.string().trim().min(1).max(500), z.literal(false)]).default(DEFAULT_JOINED),
});

type CommandContext = Context<"text" | "markdown">;

/** How one member command differs from the others. */
interface MemberChange {
  action: GroupAction;
  /** Whether the named inboxes must already be in the group. */
  want: "member" | "non-member";
  /** Why a resolved member is skipped ("already an admin"), or undefined to go ahead. */
  skip?: (group: Group, member: ResolvedMember) => string | undefined;
  write: (ctx: CommandContext, inboxIds: string[]) => Promise<void>;
  /** "Added", "Removed"... */
  done: string;
}

const isAnyAdmin = (group: Group, inboxId: string) =>
  group.isAdmin(inboxId) || group.isSuperAdmin(inboxId);

const MEMBER_CHANGES = {
  add: {
    action: "add-member",
    want: "non-member",
    write: (ctx, ids) => ctx.addMembers(ids),
    done: "Added",
  },
  remove: {
    action: "remove-member",
    want: "member",
    write: (ctx, ids) => ctx.removeMembers(ids),
    done: "Removed",
  },
  promote: {
    action: "promote",
    want: "member",
    skip: (group, member) =>
      isAnyAdmin(group, member.inboxId) ? `${member.label} is already an admin.` : undefined,
    write: async (ctx, ids) => {
      for (const id of ids) await ctx.promoteToAdmin(id);
    },
    done: "Promoted to admin:",
  },
  demote: {
    action: "demote",
    want: "member",
    skip: (group, member) =>
      group.isAdmin(member.inboxId) ? undefined : `${member.label} is not an admin.`,
    write: async (ctx, ids) => {
      for (const id of ids) await ctx.demoteFromAdmin(id);
    },
    done: "No longer admin:",
  },
} satisfies Record<string, MemberChange>;

/**
 * Membership and welcome: says hello when added to a group, greets members as they join, and gives group admins chat commands
 * to add, remove, promote and demote members and to rename or describe the group. When the
 * agent's own role does not allow a change, it says so politely instead of failing.
 *
 * @example
 * const skills = [membership({ welcome: "gm {name}! You are member #{count}." })];
 */
export const membership = defineSkill({
  name: "membership",
  description: "Welcomes new members; admins manage members and group details",
  config: configSchema,
  setup(skill, config) {
    const greet = async (ctx: Context, inboxIds: string[]) => {
      const newcomers = inboxIds.filter((inboxId) => inboxId !== ctx.agentInboxId);
      if (config.welcome === false || newcomers.length === 0 || !ctx.isGroup()) return;
      const members = await ctx.conversation.members();
      const names = newcomers.map((inboxId) => memberLabel(members, inboxId));
      await ctx.send(renderWelcome(config.welcome, { names, count: members.length }));
    };
    skill.on("member-added", (ctx, change) => greet(ctx, change.inboxIds));
    // A group new to the agent is one it was just added to: it says hello once.
    skill.on("conversation", async (ctx) => {
      if (config.joined !== false && ctx.isGroup()) await ctx.send(config.joined);
    });

    // The runtime skips the agent's own messages, so members it adds raise no member-added.
    skill.command(addCommand, async (refs, ctx) =>
      greet(ctx, await changeMembers(ctx, refs, MEMBER_CHANGES.add)),
    );
    skill.command(removeCommand, async (refs, ctx) => {
      await changeMembers(ctx, refs, MEMBER_CHANGES.remove);
    });
    skill.command(promoteCommand, async (refs, ctx) => {
      await changeMembers(ctx, refs, MEMBER_CHANGES.promote);
    });
    skill.command(demoteCommand, async (refs, ctx) => {
      await changeMembers(ctx, refs, MEMBER_CHANGES.demote);
    });

    skill.command(nameCommand, (words, ctx) =>
      changeText(ctx, "rename", groupNameSchema, words, (name) => ctx.setGroupName(name)),
    );
    skill.command(descriptionCommand, (words, ctx) =>
      changeText(ctx, "describe", groupDescriptionSchema, words, (text) =>
        ctx.setGroupDescription(text),
      ),
    );
  },
});

/** Resolves, checks and applies one member command; resolves to the inboxes it changed. */
async function changeMembers(
  ctx: CommandContext,
  refs: string[],
  change: MemberChange,
): Promise<string[]> {
  const group = ctx.requireGroup();
  const { found, problems } = await resolveMembers(ctx.client, group, refs, change.want);
  const chosen = found.filter((member) => {
    const reason = change.skip?.(group, member);
    if (reason) problems.push(reason);
    return !reason;
  });
  const inboxIds = chosen.map((member) => member.inboxId);
  if (inboxIds.length === 0) {
    await ctx.reply(problems.join("\n"));
    return [];
  }
  const result = await changeGroup(group, ctx.agentInboxId, ctx.log, {
    action: change.action,
    targets: inboxIds,
    write: () => change.write(ctx, inboxIds),
  });
  if (!result.ok) {
    await ctx.reply(result.refusal);
    return [];
  }
  ctx.log.info(
    { action: change.action, members: inboxIds, by: ctx.senderInboxId },
    "membership changed",
  );
  const done = `${change.done} ${chosen.map((member) => member.label).join(", ")}.`;
  await ctx.reply([done, ...problems].join("\n"));
  return inboxIds;
}

async function changeText(
  ctx: CommandContext,
  action: "rename" | "describe",
  schema: z.ZodType<string>,
  words: string[],
  write: (text: string) => Promise<void>,
) {
  const group = ctx.requireGroup();
  const parsed = schema.safeParse(words.join(" "));
  if (!parsed.success) {
    return ctx.reply(`That text won't do: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const result = await changeGroup(group, ctx.agentInboxId, ctx.log, {
    action,
    write: () => write(parsed.data),
  });
  if (!result.ok) return ctx.reply(result.refusal);
  ctx.log.info({ action, by: ctx.senderInboxId }, "group details changed");
  await ctx.reply(
    action === "rename" ? `Renamed the group to "${parsed.data}".` : "Description updated.",
  );
}
