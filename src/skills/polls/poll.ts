import { z } from "zod";

/**
 * A poll as the store keeps it. `votes` maps each voter's inbox id to the index of the option
 * they chose, so a member counts once and a second tap moves their vote.
 */
export const pollSchema = z.object({
  /** Numbered per conversation (#1, #2...) so people can type `/results 2`. */
  number: z.number().int().positive(),
  conversationId: z.string().min(1),
  question: z.string(),
  options: z.array(z.string()).min(2).max(10),
  creatorInboxId: z.string().min(1),
  createdAt: z.number(),
  /** Epoch ms at which the poll closes by itself; absent = open until `/close`. */
  closesAt: z.number().optional(),
  /** Set once the poll is closed, by `/close` or by its expiry. */
  closedAt: z.number().optional(),
  votes: z.record(z.string(), z.number().int().nonnegative()),
});

/**
 * A stored poll.
 *
 * @example
 * const poll: Poll = { number: 1, conversationId, question: "Lunch?", options: ["pizza", "sushi"],
 *   creatorInboxId, createdAt: Date.now(), votes: { [aliceInboxId]: 0 } };
 */
export type Poll = z.infer<typeof pollSchema>;

/** Names one poll: its conversation and its number there. */
export type PollRef = Pick<Poll, "conversationId" | "number">;

/**
 * Whether votes are still taken at `now`. A poll whose expiry has passed counts as closed even
 * before its timer fires, so a late tap never slips in.
 *
 * @example
 * if (!isOpen(poll)) await ctx.reply("This poll is closed.");
 */
export function isOpen(poll: Poll, now = Date.now()): boolean {
  return poll.closedAt === undefined && (poll.closesAt === undefined || now < poll.closesAt);
}
