import { z } from "zod";
import { defineCommand } from "../../index.js";
import { GATE_ACTIONS, GATE_USAGE } from "./gate-request.js";

const action = z
  .string()
  .toLowerCase()
  .pipe(z.enum(GATE_ACTIONS, { error: `expected one of: ${GATE_ACTIONS.join(", ")}` }))
  .optional()
  .describe("action");

/**
 * The token-gate skill's commands; their descriptions and examples are what `/help token-gate`
 * shows.
 *
 * @example
 * ```ts
 * skill.command(gateCommands.join, ([...words], ctx) => join(ctx, words.join(" ")));
 * ```
 */
export const gateCommands = {
  gate: defineCommand({
    name: "gate",
    description: `In a group: show its token gate. Admins: ${Object.values(GATE_USAGE).slice(1).join(" | ")} (erc20 <min> in whole tokens; set takes base units)`,
    args: [action],
    rest: z.string().describe("argument"),
    examples: [
      "/gate",
      "/gate erc20 0x5FbDB2315678afecb367f032d93F642f64180aa3 100",
      "/gate erc721 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      '/gate set {"kind":"any","conditions":[{"kind":"erc721-owner","token":"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"},{"kind":"erc20-balance","token":"0x5FbDB2315678afecb367f032d93F642f64180aa3","min":"100000000000000000000"}]}',
      "/gate off",
      "/gate recheck",
    ],
  }),
  join: defineCommand({
    name: "join",
    description: "In a DM: ask to join a token-gated group, by name or id; I check your tokens",
    rest: z.string().describe("group"),
    restCount: { min: 1 },
    examples: ["/join TKN club"],
  }),
  groups: defineCommand({
    name: "groups",
    description: "In a DM: list the token-gated groups you can ask to join, with Join buttons",
    examples: ["/groups"],
  }),
};
