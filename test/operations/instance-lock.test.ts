import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCK_FILE, type LockHolder, lockDataDir } from "../../src/agent/instance-lock.js";
import { isSwitchboardError } from "../../src/errors/switchboard-error.js";
import { createRedisStore } from "../../src/store/redis-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";

/** A pid that surely is not running: a process that has already exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;

/** A lock record as another process would have written it. */
const holderOf = (pid: number, host = hostname()): LockHolder => ({
  agent: "pollbot",
  pid,
  host,
  startedAt: "then",
  token: `token-of-${pid}`,
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("the data dir lock", () => {
  it("refuses a second holder in the same process until the first releases", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-lock-"));
    const first = lockDataDir(dir, "pollbot");
    const error = refusal(() => lockDataDir(dir, "pollbot"));
    expect(isSwitchboardError(error, "SB_ERR_INSTANCE_LOCKED")).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^data dir .* is in use by pid ${process.pid} \\(agent "pollbot", started `),
    );
    await first.release();
    const second = lockDataDir(dir, "pollbot");
    await second.release();
  });

  it("takes over a lock left by a dead pid, and an unreadable one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-lock-"));
    const path = join(dir, LOCK_FILE);
    const stale = holderOf(deadPid());
    writeFileSync(path, JSON.stringify(stale));
    const lock = lockDataDir(dir, "pollbot");
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    await lock.release();
    writeFileSync(path, "{half a lo");
    await lockDataDir(dir, "pollbot").release();
  });

  it("never takes over a lock held on another host", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-lock-"));
    const remote = holderOf(deadPid(), "elsewhere");
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(remote));
    const error = refusal(() => lockDataDir(dir, "pollbot"));
    expect((error as Error).message).toContain(`pid ${remote.pid} on elsewhere`);
  });
});

const backends: Array<[string, () => Promise<Store> | Store]> = [
  [
    "sqlite",
    () => createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), "slot-")), "s.sqlite") }),
  ],
];
if (process.env.REDIS_URL) {
  const prefix = `slot-test:${process.pid}:${Date.now()}:`;
  backends.push([
    "redis",
    () => createRedisStore({ url: process.env.REDIS_URL!, keyPrefix: prefix }),
  ]);
}

describe.each(backends)("the replica slot lease on a shared %s store", (_name, open) => {
  it("refuses a second live holder of one slot, and frees it on release", async () => {
    const store = await open();
    const first = lockDataDir(mkdtempSync(join(tmpdir(), "slot-a-")), "pollbot");
    const second = lockDataDir(mkdtempSync(join(tmpdir(), "slot-b-")), "pollbot");
    await first.claimReplicaSlot(store, "1");
    await second.claimReplicaSlot(store, "2");
    const error = await second.claimReplicaSlot(store, "1").catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, "SB_ERR_INSTANCE_LOCKED")).toBe(true);
    expect((error as Error).message).toMatch(
      /^replica slot "1" is in use by pid \d+ \(agent "pollbot", started .*\) — stop it, or give this replica its own SWITCHBOARD_REPLICA_ID$/,
    );
    await first.release();
    const third = lockDataDir(mkdtempSync(join(tmpdir(), "slot-c-")), "pollbot");
    await third.claimReplicaSlot(store, "1");
    await Promise.all([second.release(), third.release()]);
    await store.close();
  });

  it("takes over a slot whose holder on this host is dead", async () => {
    const store = await open();
    const stale = holderOf(deadPid());
    await store.set("instance:replica-slot:9", stale, { ttlMs: 30_000 });
    const lock = lockDataDir(mkdtempSync(join(tmpdir(), "slot-d-")), "pollbot");
    await lock.claimReplicaSlot(store, "9");
    expect(await store.get("instance:replica-slot:9")).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(await store.get("instance:replica-slot:9")).toBeUndefined();
    await store.close();
  });
});
