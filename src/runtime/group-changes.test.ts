import type { GroupUpdated } from "@xmtp/node-sdk";
import { describe, expect, it } from "vitest";
import { deriveGroupChanges } from "./group-changes.js";

const empty: GroupUpdated = {
  initiatedByInboxId: "admin",
  addedInboxes: [],
  removedInboxes: [],
  leftInboxes: [],
  metadataFieldChanges: [],
  addedAdminInboxes: [],
  removedAdminInboxes: [],
  addedSuperAdminInboxes: [],
  removedSuperAdminInboxes: [],
} as GroupUpdated;

describe("deriveGroupChanges", () => {
  it("derives nothing from an empty update", () => {
    expect(deriveGroupChanges(empty)).toEqual([]);
  });

  it("splits one commit into every typed change it carries", () => {
    const changes = deriveGroupChanges({
      ...empty,
      addedInboxes: [{ inboxId: "bob" }],
      leftInboxes: [{ inboxId: "carol" }],
      addedAdminInboxes: [{ inboxId: "bob" }],
      metadataFieldChanges: [{ fieldName: "group_name", oldValue: "a", newValue: "b" }],
    } as GroupUpdated);
    expect(changes.map((c) => c.name)).toEqual([
      "member-added",
      "member-removed",
      "admin-changed",
      "metadata-changed",
    ]);
    expect(changes[1]).toEqual({
      name: "member-removed",
      change: { inboxIds: ["carol"], left: ["carol"], by: "admin" },
    });
    expect(changes[3]?.change).toEqual({
      fields: [{ field: "group_name", oldValue: "a", newValue: "b" }],
      by: "admin",
    });
  });
});
