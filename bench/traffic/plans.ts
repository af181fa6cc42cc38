import type { TestUser } from "../../src/testing/test-user.js";
import type { FloodPlan } from "./flood.js";

/**
 * `users` in a ring of DMs: each writes to the next (the last to the first), so every user
 * sends in one DM and receives in another.
 *
 * @example
 * await flood(await dmRing(users.slice(0, 5)), { messages: 20, warmup: 2 });
 */
export async function dmRing(users: readonly TestUser[]): Promise<FloodPlan> {
  const conversations = await Promise.all(
    users.map((user, i) => user.dmWith(users[(i + 1) % users.length]!.address)),
  );
  return { label: `DM ring of ${users.length}`, users, conversations, receivers: 1 };
}

/**
 * `users` in one group created by the first; every message reaches the other `users - 1`.
 *
 * @example
 * await flood(await oneGroup(users.slice(0, 10)), { messages: 20, warmup: 2 });
 */
export async function oneGroup(users: readonly TestUser[]): Promise<FloodPlan> {
  const [creator, ...others] = users;
  const group = await creator!.createGroup(others.map((user) => user.address));
  const conversations = [
    group,
    ...(await Promise.all(others.map((u) => u.conversation(group.id)))),
  ];
  return {
    label: `group of ${users.length}`,
    users,
    conversations,
    receivers: users.length - 1,
  };
}
