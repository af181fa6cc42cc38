import { z } from "zod";
import { defineCommand } from "../../index.js";
import { memberRefSchema } from "./member-ref.js";

const EXAMPLE = "0x1234567890abcdef1234567890abcdef12345678";
const members = { rest: memberRefSchema, restCount: { min: 1, max: 20 }, adminOnly: true };

/** `/add <member>...`: adds members by address or inbox id. */
export const addCommand = defineCommand({
  name: "add",
  description: "Add members (address or inbox id)",
  ...members,
  examples: [`/add ${EXAMPLE}`],
});

/** `/remove <member>...` */
export const removeCommand = defineCommand({
  name: "remove",
  description: "Remove members",
  ...members,
  examples: [`/remove ${EXAMPLE}`],
});

/** `/promote <member>...`: makes members admins. */
export const promoteCommand = defineCommand({
  name: "promote",
  description: "Make members admins",
  ...members,
});

/** `/demote <member>...`: takes admin rights away. */
export const demoteCommand = defineCommand({
  name: "demote",
  description: "Take admin rights away",
  ...members,
});

const words = z.string().describe("text");

/** `/name <text>`: renames the group; the words are joined with spaces. */
export const nameCommand = defineCommand({
  name: "name",
  description: "Rename the group",
  rest: words,
  restCount: { min: 1 },
  adminOnly: true,
  examples: ["/name Friday lunch club"],
});

/** `/description <text>` */
export const descriptionCommand = defineCommand({
  name: "description",
  description: "Set the group description",
  rest: words,
  restCount: { min: 1 },
  adminOnly: true,
  examples: ["/description Where we pick the Friday lunch spot"],
});

/** Our caps for group texts, so a pasted essay is refused with a reason, not by the network. */
export const groupNameSchema = z.string().trim().min(1).max(100);
export const groupDescriptionSchema = z.string().trim().min(1).max(1000);
