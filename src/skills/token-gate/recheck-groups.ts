import type { Logger } from "pino";
import { chainProblem } from "./chain-problem.js";
import type { GateGroup } from "./gate-group.js";
import { type RecheckOptions, recheckGroup } from "./recheck-group.js";
import type { RecheckScope } from "./recheck-scheduler.js";

/** What {@link recheckGroups} needs. */
export interface RecheckGroupsOptions extends RecheckOptions {
  /** The group behind an id, or `undefined` when the agent is no longer in it. */
  groupFor(groupId: string): Promise<GateGroup | undefined>;
  log: Logger;
}

/**
 * Rechecks the gated groups in `scope`, one after another, each in its own boundary: a group
 * whose chain cannot be read is logged and left as it is, and the others carry on. Resolves
 * `false` when some group could not be checked, so the caller retries later.
 *
 * @example
 * ```ts
 * const ok = await recheckGroups("all", { reader, gates, graceMs, groupFor, log });
 * ```
 */
export async function recheckGroups(
  scope: RecheckScope,
  options: RecheckGroupsOptions,
): Promise<boolean> {
  const { gates, groupFor, log } = options;
  const bindings = await gates.bindings();
  let ok = true;
  for (const { groupId, binding } of bindings) {
    if (scope !== "all" && !scope.includes(groupId)) continue;
    const group = await groupFor(groupId);
    if (!group) {
      // Removed from the group: nobody there can be warned or removed any more.
      await gates.endGraces(groupId);
      log.info({ groupId }, "gated group no longer reachable; its pending removals dropped");
      continue;
    }
    try {
      const report = await recheckGroup(group, binding.condition, options);
      log.info({ groupId, ...report }, "token gate rechecked");
    } catch (error) {
      ok = false;
      const problem = chainProblem(error);
      if (problem === undefined) log.error({ err: error, groupId }, "token-gate recheck failed");
      else log.warn({ err: error, groupId }, "chain unreadable, so nobody was removed");
    }
  }
  return ok;
}
