import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { TestUser } from "../../src/testing/test-user.js";

/**
 * Creates `count` simulated users, `batch` at a time: creating an MLS client is CPU-bound, and
 * creating fifty at once on two cores only makes each of them slower.
 *
 * @example
 * const senders = await createUsers(50);
 */
export async function createUsers(count: number, batch = 8): Promise<TestUser[]> {
  const users: TestUser[] = [];
  while (users.length < count) {
    const size = Math.min(batch, count - users.length);
    const offset = users.length;
    users.push(
      ...(await Promise.all(
        Array.from({ length: size }, (_, i) => TestUser.create({ name: `user-${offset + i}` })),
      )),
    );
  }
  return users;
}

/** Closes the users' streams and deletes their databases. */
export async function disposeUsers(users: readonly TestUser[]): Promise<void> {
  await Promise.all(
    users.map(async (user) => {
      await user.stop().catch(() => undefined);
      await rm(dirname(user.dbPath), { recursive: true, force: true });
    }),
  );
}
