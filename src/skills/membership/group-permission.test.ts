import type { PermissionPolicySet } from "@xmtp/node-sdk";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { changeGroup } from "./group-change.js";
import { checkAgentPermission, type GroupRoles, requiredRole } from "./group-permission.js";

const ALLOW = 0;
const DENY = 1;
const ADMIN = 2;
const SUPER = 3;

/** A stand-in for a node-sdk Group: its policy set and who holds which role. */
class FakeGroup implements GroupRoles {
  policy: Record<keyof PermissionPolicySet, number> = {
    addMemberPolicy: ALLOW,
    removeMemberPolicy: ADMIN,
    addAdminPolicy: SUPER,
    removeAdminPolicy: SUPER,
    updateGroupNamePolicy: ALLOW,
    updateGroupDescriptionPolicy: ALLOW,
    updateGroupImageUrlSquarePolicy: ALLOW,
    updateMessageDisappearingPolicy: ADMIN,
    updateAppDataPolicy: ALLOW,
  };
  admins = new Set<string>();
  superAdmins = new Set<string>(["creator"]);
  syncs = 0;
  /** Applied on the next sync, as if a commit arrived. */
  pending: (() => void) | undefined;

  permissions() {
    return { policyType: 0, policySet: this.policy } as unknown as ReturnType<
      GroupRoles["permissions"]
    >;
  }
  isAdmin(inboxId: string) {
    return this.admins.has(inboxId);
  }
  isSuperAdmin(inboxId: string) {
    return this.superAdmins.has(inboxId);
  }
  async sync() {
    this.syncs++;
    this.pending?.();
    this.pending = undefined;
  }
}

describe("checkAgentPermission", () => {
  it("follows the group's policy for the agent's role", () => {
    const group = new FakeGroup();
    expect(checkAgentPermission(group, "agent", "add-member")).toEqual({ allowed: true });
    expect(checkAgentPermission(group, "agent", "remove-member")).toEqual({
      allowed: false,
      refusal: "Sorry, I need to be an admin to remove members.",
    });
    group.admins.add("agent");
    expect(checkAgentPermission(group, "agent", "remove-member").allowed).toBe(true);
    expect(checkAgentPermission(group, "agent", "promote")).toEqual({
      allowed: false,
      refusal: "Sorry, I need to be a super admin to promote admins.",
    });
    group.superAdmins.add("agent");
    expect(checkAgentPermission(group, "agent", "promote").allowed).toBe(true);
  });

  it("needs a super admin to remove a super admin", () => {
    const group = new FakeGroup();
    group.admins.add("agent");
    expect(requiredRole(group, "remove-member", ["creator"])).toBe("super-admin");
    expect(checkAgentPermission(group, "agent", "remove-member", ["creator"])).toEqual({
      allowed: false,
      refusal: "Sorry, I need to be a super admin to remove a super admin.",
    });
    expect(checkAgentPermission(group, "agent", "remove-member", ["bob"]).allowed).toBe(true);
  });

  it("refuses what the group denies to everyone, and leaves unknown policies to the client", () => {
    const group = new FakeGroup();
    group.superAdmins.add("agent");
    group.policy.updateGroupNamePolicy = DENY;
    expect(checkAgentPermission(group, "agent", "rename")).toEqual({
      allowed: false,
      refusal: "This group does not let anyone rename the group.",
    });
    group.policy.updateGroupDescriptionPolicy = 5; // Other
    expect(requiredRole(group, "describe")).toBe("unknown");
    expect(checkAgentPermission(group, "agent", "describe").allowed).toBe(true);
  });
});

describe("changeGroup", () => {
  const log = pino({ level: "silent" });

  it("writes when allowed, after syncing", async () => {
    const group = new FakeGroup();
    group.admins.add("agent");
    let writes = 0;
    const result = await changeGroup(group as never, "agent", log, {
      action: "remove-member",
      targets: ["bob"],
      write: async () => {
        writes++;
      },
    });
    expect(result).toEqual({ ok: true });
    expect([writes, group.syncs]).toEqual([1, 1]);
  });

  it("refuses before writing when the role is missing", async () => {
    const group = new FakeGroup();
    let writes = 0;
    const result = await changeGroup(group as never, "agent", log, {
      action: "remove-member",
      write: async () => {
        writes++;
      },
    });
    expect(result).toEqual({
      ok: false,
      refusal: "Sorry, I need to be an admin to remove members.",
    });
    expect(writes).toBe(0);
  });

  it("turns a failed write into a refusal when the agent turns out to have lost its role", async () => {
    const group = new FakeGroup();
    group.admins.add("agent");
    const result = await changeGroup(group as never, "agent", log, {
      action: "remove-member",
      write: async () => {
        // The demotion commit reaches us only with the next sync, as on the network.
        group.pending = () => group.admins.delete("agent");
        throw new Error("synced 1 messages, 0 failed 1 succeeded");
      },
    });
    expect(result).toEqual({
      ok: false,
      refusal: "Sorry, I need to be an admin to remove members.",
    });
    expect(group.syncs).toBe(2);
  });

  it("raises other failures with a stable code", async () => {
    const group = new FakeGroup();
    group.admins.add("agent");
    await expect(
      changeGroup(group as never, "agent", log, {
        action: "remove-member",
        write: async () => {
          throw new Error("network down");
        },
      }),
    ).rejects.toMatchObject({
      code: "SB_ERR_GROUP_UPDATE_FAILED",
      message: expect.stringContaining("network down"),
    });
  });
});
