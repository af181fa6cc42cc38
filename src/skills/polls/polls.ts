import { z } from "zod";
import {
  type Command,
  type Context,
  defineSkill,
  type SkillServices,
  type Store,
  usage,
} from "../../index.js";
import { formatDuration } from "./duration.js";
import { isParticipant } from "./is-participant.js";
import type { PollRef } from "./poll.js";
import { pollCommands } from "./poll-commands.js";
import { PollStore } from "./poll-store.js";
import { PollTimers } from "./poll-timers.js";
import { pollsConfigSchema } from "./polls-config.js";
import { renderResults } from "./render-results.js";

/** What each poll's buttons carry back with a tap (see `sendActions({ data })`). */
const voteDataSchema = z.object({ pollNumber: z.number().int().positive() });

type CommandContext = Context<"text" | "markdown">;

/**
 * Polls with XMTP action buttons. `/poll "Question" a b c` (or `/pollfor 10m "Question" a b`
 * to close it automatically), each member's tap counts once and a second tap moves the vote;
 * `/results [n]` shows the tally, `/close [n]` (creator or group admin) ends it with final
 * results. Polls and votes live in the agent's store and survive restarts; timed polls that
 * expired while the agent was down are closed when it starts.
 *
 * One skill instance serves one running agent at a time (its expiry timers belong to it).
 *
 * @example
 * await runAgent({ name: "pollbot", skills: [polls({ maxOptions: 6 })] });
 */
export const polls = defineSkill({
  name: "polls",
  description: "Polls with buttons: one vote per member, tap again to change it",
  config: pollsConfigSchema,
  setup(skill, config) {
    const commands = pollCommands(config);
    const pollsIn = (store: Store) => new PollStore(store, { keepClosedMs: config.keepClosedMs });
    /** The running agent's expiry timers; absent while the agent is stopped. */
    let timers: PollTimers | undefined;

    async function startPoll(
      ctx: CommandContext,
      command: Command,
      question: string,
      options: string[],
      durationMs: number | undefined,
    ) {
      const duplicate = findDuplicate(options);
      if (duplicate !== undefined) {
        await ctx.reply(
          `Each option must be different: "${duplicate}" is listed twice.\nUsage: ${usage(command)}`,
        );
        return;
      }
      const now = Date.now();
      const store = pollsIn(ctx.store);
      const poll = await store.create({
        conversationId: ctx.conversation.id,
        question,
        options,
        creatorInboxId: ctx.message.senderInboxId,
        createdAt: now,
        closesAt: durationMs === undefined ? undefined : now + durationMs,
      });
      const closing =
        durationMs === undefined ? "open until /close" : `closes in ${formatDuration(durationMs)}`;
      try {
        const actionsId = await ctx.sendActions({
          description: `📊 ${question}\nPoll #${poll.number} · tap to vote, tap again to change · ${closing}`,
          handler: "vote",
          data: { pollNumber: poll.number },
          actions: options.map((label, index) => ({ id: String(index), label })),
          expiresInMs: durationMs,
        });
        await store.linkButtons(actionsId, poll);
      } catch (error) {
        // A poll whose buttons never went out must not linger, open, in the store.
        await store.remove(poll);
        throw error;
      }
      timers?.arm(poll);
    }

    /** The poll a command names (or the latest one); answers the user itself when there is none. */
    async function findPoll(ctx: CommandContext, number: number | undefined) {
      const store = pollsIn(ctx.store);
      const conversationId = ctx.conversation.id;
      const poll =
        number === undefined
          ? await store.latest(conversationId)
          : await store.get({ conversationId, number });
      if (poll) return poll;
      await ctx.reply(
        number === undefined
          ? `No polls here yet. Start one with ${commands.poll.examples[0]}`
          : `There is no poll #${number} here.`,
      );
      return undefined;
    }

    async function closeOnExpiry(services: SkillServices, ref: PollRef) {
      const result = await pollsIn(services.store).close(ref);
      if (!result?.closedNow) return;
      const ctx = await services.contextFor(ref.conversationId);
      if (!ctx) {
        services.log.warn(ref, "poll closed on expiry, but its conversation is gone");
        return;
      }
      await ctx.sendMarkdown(`⏰ **Time's up!** Final results:\n\n${renderResults(result.poll)}`);
    }

    skill.onStart(async (services) => {
      const started = new PollTimers((ref) => closeOnExpiry(services, ref), services.log);
      timers = started;
      const timed = await pollsIn(services.store).timed();
      for (const poll of timed) started.arm(poll);
      services.log.info({ timedPolls: timed.length }, "poll expiry timers armed");
    });

    skill.onStop(async () => {
      const stopping = timers;
      timers = undefined;
      await stopping?.stop();
    });

    skill.command(commands.poll, ([question, ...options], ctx) =>
      startPoll(ctx, commands.poll, question, options, config.defaultDurationMs),
    );

    skill.command(commands.pollfor, ([durationMs, question, ...options], ctx) =>
      startPoll(ctx, commands.pollfor, question, options, durationMs),
    );

    skill.command(commands.results, async ([number], ctx) => {
      const poll = await findPoll(ctx, number);
      if (poll) await ctx.replyMarkdown(renderResults(poll));
    });

    skill.command(commands.close, async ([number], ctx) => {
      const poll = await findPoll(ctx, number);
      if (!poll) return;
      if (poll.creatorInboxId !== ctx.message.senderInboxId && !(await ctx.isAdmin())) {
        await ctx.reply(`Only the poll's creator or a group admin can close poll #${poll.number}.`);
        return;
      }
      const result = await pollsIn(ctx.store).close(poll);
      if (!result) return;
      if (!result.closedNow) {
        await ctx.reply(`Poll #${poll.number} is already closed. See /results ${poll.number}.`);
        return;
      }
      timers?.disarm(poll);
      await ctx.sendMarkdown(`🔒 **Poll closed.** Final results:\n\n${renderResults(result.poll)}`);
    });

    skill.action("vote", async (ctx, tap) => {
      const data = voteDataSchema.safeParse(tap.data);
      if (!data.success) {
        ctx.log.warn({ data: tap.data }, "poll buttons carry no poll number; tap ignored");
        return;
      }
      const voter = ctx.message.senderInboxId;
      if (!(await isParticipant(ctx))) {
        ctx.outcome = "rejected";
        ctx.log.info({ voter }, "vote from outside the conversation ignored");
        return;
      }
      const ref = { conversationId: ctx.conversation.id, number: data.data.pollNumber };
      const outcome = await pollsIn(ctx.store).vote(ref, voter, Number(tap.actionId));
      ctx.log.info({ poll: ref.number, voter, outcome }, "vote");
      if (outcome === "closed") await ctx.reply("This poll is closed.");
      else if (outcome === "missing") await ctx.reply("This poll is no longer available.");
    });
  },
});

/** The first option that repeats an earlier one, ignoring case: "Pizza" and "pizza" are one. */
function findDuplicate(options: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const option of options) {
    const key = option.toLocaleLowerCase();
    if (seen.has(key)) return option;
    seen.add(key);
  }
  return undefined;
}
