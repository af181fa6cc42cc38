import type { Intent } from "@xmtp/node-sdk";
import type { SwitchboardError } from "../errors/switchboard-error.js";
import type { Context } from "../runtime/context.js";
import type { SkillSettled } from "../runtime/events.js";

/**
 * Where one event goes inside the skills, decided once by the dispatcher (which parses the
 * command and checks the buttons) before any skill runs, and read by each skill's handlers.
 */
export interface Route {
  /** Whether `on(...)` handlers run: not when a command runs on someone's behalf. */
  events: boolean;
  /** The command the message carries, its arguments already validated. */
  command?: { skill: string; name: string; args: readonly unknown[] };
  /** The buttons tapped: the skill and action handler that sent them. */
  action?: { skill: string; handler: string; intent: Intent; data: unknown };
  /** Skills whose run failed, so the dispatcher can say a command failed. */
  failed: Set<string>;
  onError(error: SwitchboardError, ctx: Context): void;
  onSettled(report: SkillSettled): void;
}

/** A skill used as plain middleware, outside any agent: events only, failures logged. */
function eventsOnly(): Route {
  return {
    events: true,
    failed: new Set(),
    onError: (error, ctx) => ctx.log.error({ err: error, code: error.code }, error.message),
    onSettled: () => undefined,
  };
}

// Keyed by context object: views are made per skill, and the route must not be public API.
const routes = new WeakMap<Context, Route>();
/** Views in which some handler ran, so skills that had nothing to do report no timing. */
const handled = new WeakSet<Context>();

export const setRoute = (ctx: Context, route: Route): void => void routes.set(ctx, route);
export const routeOf = (ctx: Context): Route => routes.get(ctx) ?? eventsOnly();
export const markHandled = (view: Context): void => void handled.add(view);
export const wasHandled = (view: Context): boolean => handled.has(view);
