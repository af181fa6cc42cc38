import type { Group } from "@xmtp/node-sdk";
import type { TestUser } from "../testing/test-user.js";

/**
 * Creates a demo group the way a community owner sets one up for a bot: `creator` starts it
 * with the agent and `members`, then makes the agent a super admin, so moderation can remove
 * members and `/promote` works (promoting needs a super admin under the default policy).
 *
 * @example
 * const group = await createDemoGroup(you, agent, [bob, carol], "Lunch club");
 */
export async function createDemoGroup(
  creator: TestUser,
  agent: { address: string; inboxId: string },
  members: readonly TestUser[],
  name: string,
): Promise<Group> {
  const group = await creator.createGroup(
    [agent.address, ...members.map((member) => member.address)],
    { name },
  );
  await group.addSuperAdmin(agent.inboxId);
  return group;
}
