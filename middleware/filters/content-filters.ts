import { parseCommandLine } from "../../src/commands/parse-command.js";
import { UnterminatedQuoteError } from "../../src/commands/tokenize.js";
import type { Context } from "../../src/runtime/context.js";
import type { EventName } from "../../src/runtime/events.js";
import type { Guard } from "./filter.js";

/** A context whose message has text (text, markdown or a text reply). */
export type TextContext = Context & { readonly text: string };

/**
 * Passes these kinds of event, narrowing `ctx.content` to their content.
 *
 * @example
 * only(contentType("reaction"), (ctx, next) => {
 *   ctx.content.content; // the emoji
 *   return next();
 * });
 */
export function contentType<const E extends EventName>(...events: E[]): Guard<Context<E>> {
  return (ctx): ctx is Context<E> => ctx.is(...events);
}

/** Options for {@link mentionsAgent}. */
export interface MentionOptions {
  /** Names the agent answers to, with or without `@`: `pollbot` matches "pollbot" and "@pollbot". */
  names?: readonly string[];
}

/**
 * Passes messages whose text mentions the agent: its wallet address, or one of `names` as a
 * whole word, with or without a leading `@`. Handy in busy groups, where an agent should speak
 * only when spoken to.
 *
 * @example
 * skill.use(only(or(dmOnly, mentionsAgent({ names: ["pollbot"] }))));
 */
export function mentionsAgent({ names = [] }: MentionOptions = {}): Guard<TextContext> {
  const nameWords = names.map((name) => name.replace(/^@/, "")).filter(Boolean);
  const byName =
    nameWords.length === 0
      ? undefined
      : new RegExp(`(?<![\\w@])@?(?:${nameWords.map(escapeRegExp).join("|")})(?!\\w)`, "i");
  return (ctx): ctx is TextContext => {
    const text = ctx.text;
    if (text === undefined) return false;
    const address = ctx.client.accountIdentifier?.identifier.toLowerCase();
    return (address !== undefined && text.toLowerCase().includes(address)) || !!byName?.test(text);
  };
}

/**
 * Passes text that is a command: `prefix` followed by a command name, as the dispatcher
 * reads it.
 *
 * @example
 * only(not(startsWithCommand())); // ordinary chat only, e.g. for an LLM fallback
 */
export function startsWithCommand(prefix = "/"): Guard<TextContext> {
  return (ctx): ctx is TextContext => {
    if (ctx.text === undefined) return false;
    try {
      return parseCommandLine(ctx.text, { prefix }) !== undefined;
    } catch (error) {
      // A command whose arguments leave a quote open is still a command; the router answers it.
      if (error instanceof UnterminatedQuoteError) return true;
      throw error;
    }
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
