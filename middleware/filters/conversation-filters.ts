import type { Dm, Group } from "@xmtp/node-sdk";
import type { Context } from "../../src/runtime/context.js";
import { ConsentState } from "../../src/xmtp/enums.js";
import type { Guard } from "./filter.js";

/** A context whose conversation is a DM. */
export type DmContext = Context & { readonly conversation: Dm };
/** A context whose conversation is a group. */
export type GroupContext = Context & { readonly conversation: Group };

/**
 * Passes events in direct messages.
 *
 * @example
 * skill.use(only(dmOnly)); // a private assistant that stays quiet in groups
 */
export const dmOnly: Guard<DmContext> = (ctx): ctx is DmContext => ctx.isDm();

/**
 * Passes events in groups.
 *
 * @example
 * skill.use(only(groupOnly));
 */
export const groupOnly: Guard<GroupContext> = (ctx): ctx is GroupContext => ctx.isGroup();

/** The consent states a user can give a conversation, by name. */
export type ConsentName = "allowed" | "unknown" | "denied";

const CONSENT_NAMES = {
  [ConsentState.Allowed]: "allowed",
  [ConsentState.Unknown]: "unknown",
  [ConsentState.Denied]: "denied",
} as const satisfies Record<number, ConsentName>;

/**
 * Passes events in conversations whose consent state (the agent's own choice to accept,
 * ignore or block it) is one of `states`.
 *
 * @example
 * agent.use(only(consentState("allowed", "unknown"))); // drop conversations the agent blocked
 */
export function consentState(...states: ConsentName[]): (ctx: Context) => boolean {
  const wanted = new Set(states);
  return (ctx) => wanted.has(CONSENT_NAMES[ctx.conversation.consentState()]);
}
