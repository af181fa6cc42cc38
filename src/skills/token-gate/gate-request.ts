import type { Address } from "viem";
import { z } from "zod";
import { addressSchema, uint256Schema } from "./conditions.js";

/** What follows `/gate`; none means "show the gate". */
export const GATE_ACTIONS = ["set", "erc20", "erc721", "off", "recheck"] as const;
export type GateAction = (typeof GATE_ACTIONS)[number];

/** A `/gate` command, its arguments validated. */
export type GateRequest =
  | { action: "show" }
  | { action: "off" }
  | { action: "recheck" }
  /** The condition as typed, to go through `parseConditionJson`. */
  | { action: "set"; json: string }
  /** `amount` is in whole tokens ("100", "2.5"), converted with the token's decimals. */
  | { action: "erc20"; token: Address; amount: string }
  | { action: "erc721"; token: Address; tokenId: string | undefined };

/** Usage of each form, as help and errors show it. */
export const GATE_USAGE = {
  show: "/gate",
  set: "/gate set <condition JSON>",
  erc20: "/gate erc20 <token> <min>",
  erc721: "/gate erc721 <token> [tokenId]",
  off: "/gate off",
  recheck: "/gate recheck",
} as const;

const amountSchema = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number of tokens, like "100" or "2.5"');

/** Positional arguments of the friendly forms, with the names errors use. */
const FORMS = {
  erc20: { names: ["<token>", "<min>"], schema: z.tuple([addressSchema, amountSchema]) },
  erc721: {
    names: ["<token>", "[tokenId]"],
    schema: z.tuple([addressSchema, uint256Schema.optional()]),
  },
} as const;

/**
 * Reads `/gate [action] args...`. The JSON of `/gate set` is taken from the message text as
 * typed (`text`), because splitting it into arguments would eat the quotes JSON needs; the
 * curly quotes phones type are straightened.
 *
 * @example
 * ```ts
 * parseGateRequest("erc20", ["0x5FbD...0aa3", "100"], text);
 * // { ok: true, request: { action: "erc20", token: "0x5FbD...0aa3", amount: "100" } }
 * ```
 */
export function parseGateRequest(
  action: GateAction | undefined,
  args: readonly string[],
  text: string,
): { ok: true; request: GateRequest } | { ok: false; error: string } {
  switch (action) {
    case undefined:
    case "off":
    case "recheck": {
      const form = action ?? "show";
      if (args.length > 0) return { ok: false, error: `Usage: ${GATE_USAGE[form]}` };
      return { ok: true, request: { action: form } };
    }
    case "set": {
      const json = jsonAfterSet(text);
      if (!json) return { ok: false, error: `Usage: ${GATE_USAGE.set}` };
      return { ok: true, request: { action: "set", json } };
    }
    case "erc20":
    case "erc721":
      return parseForm(action, args);
  }
}

function parseForm(
  action: "erc20" | "erc721",
  args: readonly string[],
): { ok: true; request: GateRequest } | { ok: false; error: string } {
  const { names, schema } = FORMS[action];
  const required = names.filter((name) => name.startsWith("<")).length;
  if (args.length < required || args.length > names.length) {
    return { ok: false, error: `Usage: ${GATE_USAGE[action]}` };
  }
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${names[Number(issue.path[0])] ?? "arguments"}: ${issue.message}`,
    );
    return { ok: false, error: `${problems.join("\n")}\nUsage: ${GATE_USAGE[action]}` };
  }
  const [token, second] = parsed.data;
  return action === "erc20"
    ? { ok: true, request: { action, token, amount: second as string } }
    : { ok: true, request: { action, token, tokenId: second } };
}

/** Everything after the word `set`, whatever the command prefix, with straight quotes. */
function jsonAfterSet(text: string): string | undefined {
  const json = /^\s*\S+\s+set(?:\s+([\s\S]*))?$/i.exec(text)?.[1]?.trim();
  return json ? json.replace(/[\u201C\u201D\u201E]/g, '"') : undefined;
}
