import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "./sqlite-store.js";
import { describeStoreContract } from "./store-contract.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchboard-sqlite-store-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStoreContract("sqlite file", {
  persistent: true,
  open: (space) => createSqliteStore({ path: join(dir, `${space}.db`) }),
});
describeStoreContract("sqlite :memory:", {
  persistent: false,
  open: () => createSqliteStore({ path: ":memory:" }),
});

describe("sqlite store", () => {
  it("puts the database in WAL mode", async () => {
    const path = join(dir, "wal.db");
    await createSqliteStore({ path }).close();
    const db = new DatabaseSync(path);
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();
  });

  it("loses no update when three processes share the file", async () => {
    const path = join(dir, "processes.db");
    const module = fileURLToPath(new URL("./sqlite-store.ts", import.meta.url));
    const script = `
      import { createSqliteStore } from ${JSON.stringify(module)};
      const store = createSqliteStore({ path: ${JSON.stringify(path)} });
      for (let i = 0; i < 100; i++) await store.update("counter", (n = 0) => n + 1);
      await store.close();`;
    const args = ["--import", "tsx", "--no-warnings", "--input-type=module", "-e", script];
    const run = () => promisify(execFile)(process.execPath, args);
    await Promise.all([run(), run(), run()]);
    const store = createSqliteStore({ path });
    expect(await store.get("counter")).toBe(300);
    await store.close();
  });

  it("throws SB_STORE_UNAVAILABLE when the file cannot be opened", () => {
    expect(() => createSqliteStore({ path: join(dir, "missing-dir", "x.db") })).toThrow(
      expect.objectContaining({ name: "StoreError", code: "SB_STORE_UNAVAILABLE" }),
    );
  });
});
