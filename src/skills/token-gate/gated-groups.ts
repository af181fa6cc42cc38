import type { GateGroup } from "./gate-group.js";
import type { GateBinding, GateStore } from "./gate-store.js";

/** A gated group the agent is in, with its gate. */
export interface GatedGroup {
  group: GateGroup;
  binding: GateBinding;
}

/**
 * Every gated group the agent is still in, in the order they were stored.
 *
 * @example
 * ```ts
 * const groups = await listGatedGroups(gates, (id) => services.contextFor(id).then(gateGroupOf));
 * ```
 */
export async function listGatedGroups(
  gates: GateStore,
  groupFor: (groupId: string) => Promise<GateGroup | undefined>,
): Promise<GatedGroup[]> {
  const found: GatedGroup[] = [];
  for (const { groupId, binding } of await gates.bindings()) {
    const group = await groupFor(groupId);
    if (group) found.push({ group, binding });
  }
  return found;
}

/** What {@link findGatedGroup} found: one group, several with that name, or none. */
export type GroupLookup =
  | { kind: "found"; gated: GatedGroup }
  | { kind: "ambiguous"; matches: GatedGroup[] }
  | { kind: "none" };

/**
 * The gated group `query` names, by id or by name (ignoring case and surrounding spaces).
 *
 * @example
 * ```ts
 * const lookup = findGatedGroup(groups, "tkn club");
 * if (lookup.kind === "found") await join(lookup.gated);
 * ```
 */
export function findGatedGroup(groups: readonly GatedGroup[], query: string): GroupLookup {
  const wanted = query.trim().toLowerCase();
  const byId = groups.find(({ group }) => group.id.toLowerCase() === wanted);
  if (byId) return { kind: "found", gated: byId };
  const matches = groups.filter(({ group }) => group.name.trim().toLowerCase() === wanted);
  if (matches.length === 1) return { kind: "found", gated: matches[0]! };
  return matches.length > 1 ? { kind: "ambiguous", matches } : { kind: "none" };
}
