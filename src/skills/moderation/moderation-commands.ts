import { z } from "zod";
import { defineCommand } from "../../index.js";
import { memberRefSchema } from "../membership/member-ref.js";

const EXAMPLE = "0x1234567890abcdef1234567890abcdef12345678";
const reason = z.string().describe("reason");

/** `/rules`: anyone may read the group's rules. */
export const rulesCommand = defineCommand({
  name: "rules",
  description: "List this group's rules",
});

/** `/rule add <type> <value...>` and `/rule remove <id>`. */
export const ruleCommand = defineCommand({
  name: "rule",
  description: "Add or remove a rule: word, regex, links, rate, length, repeat",
  args: [z.enum(["add", "remove"]).describe("add|remove")],
  rest: z.string().describe("value"),
  restCount: { min: 1 },
  adminOnly: true,
  examples: [
    "/rule add word spam scam",
    '/rule add regex "fr[e3]{2} money"',
    "/rule add links allow xmtp.org",
    "/rule add links off",
    "/rule add rate 5/10s",
    "/rule add length 500",
    "/rule add repeat 3",
    "/rule remove 2",
  ],
});

/** `/warn <member> [reason...]`: one strike, by hand. */
export const warnCommand = defineCommand({
  name: "warn",
  description: "Give a member a strike",
  args: [memberRefSchema],
  rest: reason,
  adminOnly: true,
  examples: [`/warn ${EXAMPLE} off topic`],
});

/** `/kick <member> [reason...]` */
export const kickCommand = defineCommand({
  name: "kick",
  description: "Remove a member now",
  args: [memberRefSchema],
  rest: reason,
  adminOnly: true,
  examples: [`/kick ${EXAMPLE}`],
});

/** `/strikes [member]`: one member's strikes, or everyone's. */
export const strikesCommand = defineCommand({
  name: "strikes",
  description: "Show strikes",
  args: [memberRefSchema.optional()],
  adminOnly: true,
});

/** `/modlog [n]`: the newest moderation actions. */
export const modlogCommand = defineCommand({
  name: "modlog",
  description: "Show the latest moderation actions",
  args: [z.coerce.number().int().min(1).max(50).default(10).describe("n")],
  adminOnly: true,
  examples: ["/modlog 20"],
});
