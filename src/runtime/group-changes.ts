import type { GroupUpdated } from "@xmtp/node-sdk";

/** Typed changes derived from one `group_updated` message; skills subscribe to these. */
export interface GroupChanges {
  "member-added": { inboxIds: string[]; by: string };
  "member-removed": { inboxIds: string[]; left: string[]; by: string };
  "admin-changed": {
    promoted: string[];
    demoted: string[];
    superPromoted: string[];
    superDemoted: string[];
    by: string;
  };
  "metadata-changed": {
    fields: Array<{ field: string; oldValue?: string; newValue?: string }>;
    by: string;
  };
}

export type GroupChangeName = keyof GroupChanges;

const ids = (entries: Array<{ inboxId: string }>) => entries.map((entry) => entry.inboxId);

/**
 * Splits a `group_updated` payload into the typed changes it contains; a commit can carry
 * several (members added and the name changed, say), so several may come back.
 *
 * @example
 * for (const change of deriveGroupChanges(update)) console.log(change.name);
 */
export function deriveGroupChanges(
  update: GroupUpdated,
): Array<{ [K in GroupChangeName]: { name: K; change: GroupChanges[K] } }[GroupChangeName]> {
  const by = update.initiatedByInboxId;
  const changes: Array<
    { [K in GroupChangeName]: { name: K; change: GroupChanges[K] } }[GroupChangeName]
  > = [];
  if (update.addedInboxes.length > 0) {
    changes.push({ name: "member-added", change: { inboxIds: ids(update.addedInboxes), by } });
  }
  const left = ids(update.leftInboxes ?? []);
  if (update.removedInboxes.length > 0 || left.length > 0) {
    changes.push({
      name: "member-removed",
      change: { inboxIds: [...ids(update.removedInboxes), ...left], left, by },
    });
  }
  const admin = {
    promoted: ids(update.addedAdminInboxes ?? []),
    demoted: ids(update.removedAdminInboxes ?? []),
    superPromoted: ids(update.addedSuperAdminInboxes ?? []),
    superDemoted: ids(update.removedSuperAdminInboxes ?? []),
  };
  if (Object.values(admin).some((list) => list.length > 0)) {
    changes.push({ name: "admin-changed", change: { ...admin, by } });
  }
  if (update.metadataFieldChanges.length > 0) {
    changes.push({
      name: "metadata-changed",
      change: {
        fields: update.metadataFieldChanges.map((field) => ({
          field: field.fieldName,
          oldValue: field.oldValue,
          newValue: field.newValue,
        })),
        by,
      },
    });
  }
  return changes;
}
