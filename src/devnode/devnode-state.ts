import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

/** A stored group message, as the MLS API returns it. */
export interface StoredGroupMessage {
  id: number;
  createdNs: bigint;
  groupId: Uint8Array;
  data: Uint8Array;
  senderHmac: Uint8Array;
  shouldPush: boolean;
  isCommit: boolean;
}

/** A stored welcome: either a full `v1` welcome or a pointer to one. */
export interface StoredWelcome {
  id: number;
  createdNs: bigint;
  installationKey: Uint8Array;
  kind: "v1" | "pointer";
  data: Uint8Array;
  hpkePublicKey: Uint8Array;
  wrapperAlgorithm: number;
  welcomeMetadata: Uint8Array;
}

/** A stored identity update, kept as the raw protobuf the client sent. */
export interface StoredIdentityUpdate {
  sequenceId: number;
  inboxId: string;
  serverTimestampNs: bigint;
  update: Uint8Array;
}

export interface StoredCommitLogEntry {
  id: number;
  groupId: Uint8Array;
  entry: Uint8Array;
  signature: Uint8Array;
}

export type SortOrder = "asc" | "desc";

/** One page query over an id-ordered topic (see `paging.ts`). */
export interface PageQuery {
  order: SortOrder;
  cursor: number;
  limit: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS identity_updates (
  sequence_id INTEGER PRIMARY KEY AUTOINCREMENT,
  inbox_id TEXT NOT NULL,
  server_ts_ns INTEGER NOT NULL,
  update_bytes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_updates_inbox ON identity_updates (inbox_id, sequence_id);
CREATE TABLE IF NOT EXISTS identifiers (identifier TEXT PRIMARY KEY, inbox_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS installations (
  inbox_id TEXT NOT NULL,
  installation_key BLOB NOT NULL,
  PRIMARY KEY (inbox_id, installation_key)
);
CREATE TABLE IF NOT EXISTS key_packages (
  installation_key BLOB PRIMARY KEY,
  key_package BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS group_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_ns INTEGER NOT NULL,
  group_id BLOB NOT NULL,
  data BLOB NOT NULL,
  data_hash BLOB NOT NULL,
  sender_hmac BLOB NOT NULL,
  should_push INTEGER NOT NULL,
  is_commit INTEGER NOT NULL,
  UNIQUE (group_id, data_hash)
);
CREATE INDEX IF NOT EXISTS group_messages_topic ON group_messages (group_id, id);
CREATE TABLE IF NOT EXISTS welcomes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_ns INTEGER NOT NULL,
  installation_key BLOB NOT NULL,
  kind TEXT NOT NULL,
  data BLOB NOT NULL,
  hpke_public_key BLOB NOT NULL,
  wrapper_algorithm INTEGER NOT NULL,
  welcome_metadata BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS welcomes_topic ON welcomes (installation_key, id);
CREATE TABLE IF NOT EXISTS commit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id BLOB NOT NULL,
  entry BLOB NOT NULL,
  signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS commit_log_topic ON commit_log (group_id, id);
`;

type Row = Record<string, unknown>;

/**
 * Everything the devnode remembers, in one SQLite database (`node:sqlite`, no native build).
 * `dataDir` makes it durable across restarts, so client cursors stay valid; without one it
 * lives in memory for throwaway runs.
 */
export class DevnodeState {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #lastNs = 0n;

  constructor(dataDir?: string) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(dataDir ? join(dataDir, "devnode.sqlite") : ":memory:");
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    this.#db.exec(SCHEMA);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Wall-clock nanoseconds, strictly increasing even within one millisecond. */
  nowNs(): bigint {
    const wall = BigInt(Date.now()) * 1_000_000n;
    this.#lastNs = wall > this.#lastNs ? wall : this.#lastNs + 1n;
    return this.#lastNs;
  }

  // --- identity ---------------------------------------------------------------------------

  inboxIdFor(identifier: string): string | undefined {
    const row = this.#get("SELECT inbox_id FROM identifiers WHERE identifier = ?", identifier);
    return row?.inbox_id as string | undefined;
  }

  identityUpdateCount(inboxId: string): number {
    const row = this.#get("SELECT COUNT(*) AS n FROM identity_updates WHERE inbox_id = ?", inboxId);
    return Number(row?.n ?? 0);
  }

  installationCount(inboxId: string): number {
    const row = this.#get("SELECT COUNT(*) AS n FROM installations WHERE inbox_id = ?", inboxId);
    return Number(row?.n ?? 0);
  }

  hasInstallation(inboxId: string, installationKey: Uint8Array): boolean {
    return (
      this.#get(
        "SELECT 1 AS found FROM installations WHERE inbox_id = ? AND installation_key = ?",
        inboxId,
        installationKey,
      ) !== undefined
    );
  }

  /** Applies one validated identity update and its effects on lookups atomically. */
  appendIdentityUpdate(change: IdentityChange): number {
    return this.#transaction(() => {
      const result = this.#run(
        "INSERT INTO identity_updates (inbox_id, server_ts_ns, update_bytes) VALUES (?, ?, ?)",
        change.inboxId,
        this.nowNs(),
        change.update,
      );
      for (const identifier of change.addedIdentifiers) {
        this.#run(
          "INSERT OR REPLACE INTO identifiers (identifier, inbox_id) VALUES (?, ?)",
          identifier,
          change.inboxId,
        );
      }
      for (const identifier of change.removedIdentifiers) {
        this.#run(
          "DELETE FROM identifiers WHERE identifier = ? AND inbox_id = ?",
          identifier,
          change.inboxId,
        );
      }
      for (const key of change.addedInstallations) {
        this.#run(
          "INSERT OR IGNORE INTO installations (inbox_id, installation_key) VALUES (?, ?)",
          change.inboxId,
          key,
        );
      }
      for (const key of change.revokedInstallations) {
        this.#run(
          "DELETE FROM installations WHERE inbox_id = ? AND installation_key = ?",
          change.inboxId,
          key,
        );
      }
      return Number(result.lastInsertRowid);
    });
  }

  identityUpdatesAfter(inboxId: string, sequenceId: number): StoredIdentityUpdate[] {
    return this.#all(
      "SELECT * FROM identity_updates WHERE inbox_id = ? AND sequence_id > ? ORDER BY sequence_id",
      inboxId,
      sequenceId,
    ).map((row) => ({
      sequenceId: Number(row.sequence_id),
      inboxId: row.inbox_id as string,
      serverTimestampNs: BigInt(row.server_ts_ns as bigint),
      update: row.update_bytes as Uint8Array,
    }));
  }

  // --- key packages -----------------------------------------------------------------------

  putKeyPackage(installationKey: Uint8Array, keyPackage: Uint8Array): void {
    this.#run(
      "INSERT OR REPLACE INTO key_packages (installation_key, key_package) VALUES (?, ?)",
      installationKey,
      keyPackage,
    );
  }

  keyPackage(installationKey: Uint8Array): Uint8Array | undefined {
    const row = this.#get(
      "SELECT key_package FROM key_packages WHERE installation_key = ?",
      installationKey,
    );
    return row?.key_package as Uint8Array | undefined;
  }

  // --- group messages ---------------------------------------------------------------------

  /** Stores a message; returns undefined when the same bytes were already sent to the group. */
  insertGroupMessage(
    message: Omit<StoredGroupMessage, "id" | "createdNs"> & { dataHash: Uint8Array },
  ): StoredGroupMessage | undefined {
    const createdNs = this.nowNs();
    const result = this.#run(
      `INSERT OR IGNORE INTO group_messages
         (created_ns, group_id, data, data_hash, sender_hmac, should_push, is_commit)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      createdNs,
      message.groupId,
      message.data,
      message.dataHash,
      message.senderHmac,
      message.shouldPush ? 1 : 0,
      message.isCommit ? 1 : 0,
    );
    if (result.changes === 0) return undefined;
    const { dataHash: _, ...stored } = message;
    return { ...stored, id: Number(result.lastInsertRowid), createdNs };
  }

  groupMessages(groupId: Uint8Array, page: PageQuery): StoredGroupMessage[] {
    return this.#page("group_messages", "group_id", groupId, page).map(toGroupMessage);
  }

  newestGroupMessage(groupId: Uint8Array): StoredGroupMessage | undefined {
    const row = this.#get(
      "SELECT * FROM group_messages WHERE group_id = ? ORDER BY id DESC LIMIT 1",
      groupId,
    );
    return row && toGroupMessage(row);
  }

  // --- welcomes ---------------------------------------------------------------------------

  insertWelcome(welcome: Omit<StoredWelcome, "id" | "createdNs">): StoredWelcome {
    const createdNs = this.nowNs();
    const result = this.#run(
      `INSERT INTO welcomes (created_ns, installation_key, kind, data, hpke_public_key,
         wrapper_algorithm, welcome_metadata) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      createdNs,
      welcome.installationKey,
      welcome.kind,
      welcome.data,
      welcome.hpkePublicKey,
      welcome.wrapperAlgorithm,
      welcome.welcomeMetadata,
    );
    return { ...welcome, id: Number(result.lastInsertRowid), createdNs };
  }

  welcomes(installationKey: Uint8Array, page: PageQuery): StoredWelcome[] {
    return this.#page("welcomes", "installation_key", installationKey, page).map(toWelcome);
  }

  // --- commit log -------------------------------------------------------------------------

  appendCommitLog(groupId: Uint8Array, entry: Uint8Array, signature: Uint8Array): void {
    this.#run(
      "INSERT INTO commit_log (group_id, entry, signature) VALUES (?, ?, ?)",
      groupId,
      entry,
      signature,
    );
  }

  commitLog(groupId: Uint8Array, page: PageQuery): StoredCommitLogEntry[] {
    return this.#page("commit_log", "group_id", groupId, page).map((row) => ({
      id: Number(row.id),
      groupId: row.group_id as Uint8Array,
      entry: row.entry as Uint8Array,
      signature: row.signature as Uint8Array,
    }));
  }

  // --- plumbing ---------------------------------------------------------------------------

  /**
   * Paging as the reference server does it: ascending returns ids above the cursor, descending
   * ids below it, where a descending cursor of 0 means "from the newest".
   */
  #page(table: string, topicColumn: string, topic: Uint8Array, page: PageQuery): Row[] {
    if (page.order === "asc") {
      return this.#all(
        `SELECT * FROM ${table} WHERE ${topicColumn} = ? AND id > ? ORDER BY id ASC LIMIT ?`,
        topic,
        page.cursor,
        page.limit,
      );
    }
    const below = page.cursor === 0 ? Number.MAX_SAFE_INTEGER : page.cursor;
    return this.#all(
      `SELECT * FROM ${table} WHERE ${topicColumn} = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      topic,
      below,
      page.limit,
    );
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      // Nanosecond timestamps exceed 2^53, so integers come back as bigint.
      statement.setReadBigInts(true);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string, ...params: SqlParam[]) {
    return this.#statement(sql).run(...params);
  }

  #get(sql: string, ...params: SqlParam[]): Row | undefined {
    return this.#statement(sql).get(...params) as Row | undefined;
  }

  #all(sql: string, ...params: SqlParam[]): Row[] {
    return this.#statement(sql).all(...params) as Row[];
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}

type SqlParam = string | number | bigint | Uint8Array | null;

/** The lookup effects of one identity update, decided by the identity service. */
export interface IdentityChange {
  inboxId: string;
  update: Uint8Array;
  addedIdentifiers: string[];
  removedIdentifiers: string[];
  addedInstallations: Uint8Array[];
  revokedInstallations: Uint8Array[];
}

function toGroupMessage(row: Row): StoredGroupMessage {
  return {
    id: Number(row.id),
    createdNs: row.created_ns as bigint,
    groupId: row.group_id as Uint8Array,
    data: row.data as Uint8Array,
    senderHmac: row.sender_hmac as Uint8Array,
    shouldPush: Number(row.should_push) === 1,
    isCommit: Number(row.is_commit) === 1,
  };
}

function toWelcome(row: Row): StoredWelcome {
  return {
    id: Number(row.id),
    createdNs: row.created_ns as bigint,
    installationKey: row.installation_key as Uint8Array,
    kind: row.kind as "v1" | "pointer",
    data: row.data as Uint8Array,
    hpkePublicKey: row.hpke_public_key as Uint8Array,
    wrapperAlgorithm: Number(row.wrapper_algorithm),
    welcomeMetadata: row.welcome_metadata as Uint8Array,
  };
}
