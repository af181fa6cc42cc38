import { randomUUID } from "node:crypto";
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { isFileNotFound } from "../config/is-file-not-found.js";
import { SwitchboardError } from "../errors/switchboard-error.js";
import type { Store } from "../store/store.js";

/**
 * One identity, one process. Two live processes on one data dir share a wallet, an XMTP
 * database and an embedded store, and answer every message twice (or once each, at random);
 * two on one replica slot of a shared store steal each other's in-flight claims. Neither is
 * ever intended, so the second process refuses to start and names the first.
 */

/** Who holds a lock: enough for the refusal to name the other process. */
export type LockHolder = {
  agent: string;
  pid: number;
  host: string;
  startedAt: string;
  token: string;
};

/** The data dir's lock file; a second process finds it and reads the holder from it. */
export const LOCK_FILE = "agent.lock";

/** A replica slot lease lives this long without renewal: how soon another host may take it. */
export const SLOT_LEASE_MS = 30_000;

/**
 * Lock files this process holds, by token: a lock naming our own pid is told apart from a stale
 * one, and all are removed at exit. A crash skips that; the file then names a dead pid and the
 * next start takes it over.
 */
const held = new Map<string, string>();
let exitHookInstalled = false;

function releaseFile(token: string): void {
  const path = held.get(token);
  if (path === undefined) return;
  held.delete(token);
  if (readHolder(path)?.token === token) unlinkSync(path);
}

/** The data dir lock and, once claimed, the replica slot lease. */
export interface InstanceLock {
  /**
   * Leases `slot` in the shared store for this process, renewed while it runs. No slot (a
   * shared store without `SWITCHBOARD_REPLICA_ID`) leases nothing.
   */
  claimReplicaSlot(store: Store, slot: string | undefined): Promise<void>;
  /** Gives up the slot and the data dir; safe to call twice. */
  release(): Promise<void>;
}

/**
 * Takes `<dataDir>/agent.lock` for this process. A lock left by a process that is gone (same
 * host, pid no longer running) is taken over.
 *
 * @throws {@link SwitchboardError} `SB_ERR_INSTANCE_LOCKED` naming the live holder.
 * @example
 * const lock = lockDataDir(".data/pollbot", "pollbot");
 * await lock.claimReplicaSlot(store, config.SWITCHBOARD_REPLICA_ID);
 * runtime.addHook("onClose", () => lock.release());
 */
export function lockDataDir(dataDir: string, agent: string): InstanceLock {
  const me = holderForThisProcess(agent);
  const path = join(dataDir, LOCK_FILE);
  takeLockFile(path, me, dataDir);
  held.set(me.token, path);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const token of [...held.keys()]) releaseFile(token);
    });
  }

  let slotLease: { release(): Promise<void> } | undefined;
  return {
    async claimReplicaSlot(store, slot) {
      if (slot !== undefined) slotLease = await leaseSlot(store, slot, me);
    },
    async release() {
      await slotLease?.release();
      slotLease = undefined;
      releaseFile(me.token);
    },
  };
}

function holderForThisProcess(agent: string): LockHolder {
  return {
    agent,
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
}

/** Link, not write: the lock appears complete or not at all, so a reader never sees half of it. */
function takeLockFile(path: string, me: LockHolder, dataDir: string): void {
  const draft = `${path}.${me.token}`;
  writeFileSync(draft, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readHolder(path);
      if (holder && isAlive(holder)) throw lockedError(`data dir ${dataDir}`, holder, DIR_HINT);
      removeStale(path, holder);
    }
    throw lockedError(`data dir ${dataDir}`, readHolder(path), DIR_HINT);
  } finally {
    unlinkSync(draft);
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockHolder;
  } catch (error) {
    // Gone, or not ours to read: either way nobody we could name holds it.
    if (isFileNotFound(error) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Removes a stale lock unless another process replaced it since we read it. */
function removeStale(path: string, stale: LockHolder | undefined): void {
  if (readHolder(path)?.token !== stale?.token) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isFileNotFound(error)) throw error;
  }
}

/**
 * Whether the holder may still be running. A pid on another host cannot be checked, so it
 * counts as alive (its lease, if any, expires on its own); our own pid is alive only while
 * this process really holds that lock.
 */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return held.has(holder.token);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function leaseSlot(store: Store, slot: string, me: LockHolder) {
  const key = `instance:replica-slot:${slot}`;
  const claim = () =>
    store.update<LockHolder>(
      key,
      (current) => (!current || current.token === me.token || !isAlive(current) ? me : current),
      { ttlMs: SLOT_LEASE_MS },
    );
  const holder = await claim();
  if (holder?.token !== me.token) throw lockedError(`replica slot "${slot}"`, holder, SLOT_HINT);
  // Renew well inside the lease; a renewal that fails is retried by the next tick.
  const renewal = setInterval(() => void claim().catch(() => undefined), SLOT_LEASE_MS / 3);
  renewal.unref();
  return {
    async release() {
      clearInterval(renewal);
      await store.update<LockHolder>(key, (current) =>
        current?.token === me.token ? undefined : current,
      );
    },
  };
}

const DIR_HINT = "stop it, or give this agent its own SWITCHBOARD_DATA_DIR";
const SLOT_HINT = "stop it, or give this replica its own SWITCHBOARD_REPLICA_ID";

function lockedError(what: string, holder: LockHolder | undefined, hint: string) {
  const who = holder
    ? `pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`} (agent "${holder.agent}", started ${holder.startedAt})`
    : "another process";
  return new SwitchboardError("SB_ERR_INSTANCE_LOCKED", `${what} is in use by ${who} — ${hint}`, {
    context: { holder },
  });
}
