import { z } from "zod";

/** A simulated user's name: short, lowercase, and never "agent" (that name is the agent's). */
const userNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, {
    error: (issue) =>
      `“${String(issue.input)}” can't be a name: use 1-20 lowercase letters, digits or dashes, starting with a letter`,
  })
  .refine((name) => name !== "agent", '"agent" is the agent\'s name');

const id = z.string().min(1).max(200);

/**
 * The body of each playground POST route, validated before anything is sent. `as` names the
 * simulated user acting; the page sends it with every request, so several tabs can act as
 * different users at once.
 *
 * @example
 * requestSchemas.message.parse({ as: "alice", conversationId, text: "/help" });
 */
export const requestSchemas = {
  user: z.strictObject({ name: userNameSchema }),
  dm: z.strictObject({ as: userNameSchema }),
  group: z.strictObject({
    as: userNameSchema,
    name: z
      .string()
      .trim()
      .min(1, "the group needs a name")
      .max(100, "keep the group name under 100 characters"),
    members: z.array(userNameSchema).max(8, "at most 8 other members").default([]),
  }),
  message: z.strictObject({
    as: userNameSchema,
    conversationId: id,
    text: z
      .string()
      .trim()
      .min(1, "the message is empty")
      .max(4000, "keep the message under 4000 characters"),
    replyTo: id.optional(),
  }),
  reaction: z.strictObject({
    as: userNameSchema,
    conversationId: id,
    messageId: id,
    emoji: z.string().min(1).max(16),
    remove: z.boolean().default(false),
  }),
  intent: z.strictObject({
    as: userNameSchema,
    conversationId: id,
    actionsId: id,
    actionId: id,
  }),
} as const;
