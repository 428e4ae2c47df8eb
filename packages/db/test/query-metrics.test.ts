import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  apiKeys,
  createDatabase,
  operationOf,
  runMigrations,
  type DatabaseHandle,
  type QueryOperation,
} from "../src/index.js";

interface Seen {
  operation: QueryOperation;
  seconds: number;
  failed: boolean;
}

let dir: string;
let seen: Seen[];
let handle: DatabaseHandle;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "nudge-db-metrics-"));
  seen = [];
  handle = await createDatabase({
    url: `file:${join(dir, "nudge.db")}`,
    busyTimeoutMs: 50,
    observe: (operation, seconds, failed) => seen.push({ operation, seconds, failed }),
  });
  await runMigrations(handle.db);
  seen.length = 0;
});
afterEach(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("query observation", () => {
  it("names a statement's operation by its first keyword, never by its text", () => {
    expect(operationOf("  SELECT 1")).toBe("select");
    expect(operationOf({ sql: "with x as (select 1) select * from x", args: [] })).toBe("select");
    expect(operationOf("insert into t values (1)")).toBe("insert");
    expect(operationOf("UPDATE t set a = 1")).toBe("update");
    expect(operationOf("delete from t")).toBe("delete");
    expect(operationOf("PRAGMA wal_checkpoint(TRUNCATE)")).toBe("pragma");
    expect(operationOf("create table t (a)")).toBe("other");
  });

  it("sees reads on the shared connection and the writer's statements and commit on its own", async () => {
    await handle.db.select().from(apiKeys);
    await handle.writer.transaction((tx) =>
      tx.insert(apiKeys).values({ name: "k", role: "viewer", prefix: "nudge_ab", hash: "h".repeat(64) }),
    );
    const operations = seen.map((s) => s.operation);
    expect(operations).toContain("select");
    expect(operations).toContain("insert");
    expect(operations).toContain("commit");
    expect(seen.every((s) => s.seconds >= 0 && !s.failed)).toBe(true);
  });

  it("counts a failed statement as failed, and a lock wait the writer retries as not failed", async () => {
    await expect(handle.client.execute("select * from no_such_table")).rejects.toThrow(/no such table/);
    expect(seen.at(-1)).toMatchObject({ operation: "select", failed: true });

    const other = await createDatabase({ url: `file:${join(dir, "nudge.db")}`, busyTimeoutMs: 50 });
    const holder = await other.client.transaction("write");
    await holder.execute("update accounts set name = 'held' where id = 1");
    try {
      await expect(handle.client.execute("update accounts set name = 'x' where id = 1")).rejects.toThrow(
        /SQLITE_BUSY|locked/,
      );
      expect(seen.at(-1)).toMatchObject({ operation: "update", failed: false });
    } finally {
      await holder.rollback();
      holder.close();
      other.close();
    }
  });
});
