import { randomUUID } from "node:crypto";

/**
 * This process's identity in claim and lease records: `<replicaId>/<uuid>` with a replica slot
 * (at most one live process per slot), else a bare uuid.
 */
export function ownerId(replicaId: string | undefined): string {
  return replicaId === undefined ? randomUUID() : `${replicaId}/${randomUUID()}`;
}

/**
 * A record written by an earlier process of this replica slot, which must have died: waiting
 * out its TTL would only delay the takeover.
 */
export function isPredecessor(holder: unknown, owner: string, replicaId: string | undefined) {
  if (replicaId === undefined || typeof holder !== "string" || holder === owner) return false;
  const slash = holder.lastIndexOf("/");
  return slash > 0 && holder.slice(0, slash) === replicaId;
}
