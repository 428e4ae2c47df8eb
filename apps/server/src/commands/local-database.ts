import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstLine } from "@nudge/core";
import { createDatabase, databaseKind, migrationsFolder, migrationStatus, sql, type DatabaseHandle } from "@nudge/db";
import { UsageError } from "./command.js";

/** The file behind a `file:` database URL; backups and restores work on local files only. */
export function localDatabasePath(url: string, what: "backup" | "restore"): string {
  if (databaseKind(url) !== "file")
    throw new UsageError(
      `${what} works on a local database file (DATABASE_URL=file:…); a libsql server keeps its own snapshots`,
    );
  const path = url.startsWith("file://") ? fileURLToPath(url) : url.slice("file:".length);
  return path.replace(/\?.*$/, "");
}

/** The `when` of every migration this build ships, in order (drizzle's journal). */
function shippedMigrations(): number[] {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as {
    entries: { when: number }[];
  };
  return journal.entries.map((e) => e.when);
}

export interface DatabaseCheck {
  applied: number;
  expected: number;
  /** Migrations the server will apply when it next starts on this database. */
  pending: number;
}

/**
 * Checks that a database file is sound and belongs to this build: `PRAGMA integrity_check`
 * answers ok, it is a Nudge database, and every migration it recorded is one this build ships
 * (a backup from a newer version is refused; an older one is migrated at the next start).
 * `name` is how messages call the file (the backup a person named, not our working copy).
 */
export async function checkDatabaseFile(path: string, name: string = path): Promise<DatabaseCheck> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = await createDatabase({ url: `file:${path}` });
    const integrity = await handle.client.execute("PRAGMA integrity_check");
    const verdict = integrity.rows.map((r) => (typeof r[0] === "string" ? r[0] : JSON.stringify(r[0]))).join("; ");
    if (verdict !== "ok") throw new UsageError(`${name} is damaged (integrity check: ${verdict.slice(0, 300)})`);
    const status = await migrationStatus(handle.db);
    if (status.applied === 0) throw new UsageError(`${name} is not a Nudge database (no migrations recorded)`);
    const recorded = await handle.db.all<{ when: number }>(sql`select created_at as "when" from __drizzle_migrations`);
    const shipped = new Set(shippedMigrations());
    const unknown = recorded.filter((r) => !shipped.has(Number(r.when)));
    if (unknown.length > 0 || status.applied > status.expected)
      throw new UsageError(
        `${name} was written by a newer Nudge (${unknown.length} migrations this version does not know): upgrade first`,
      );
    return status;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${name} cannot be read as a database: ${firstLine(error)}`);
  } finally {
    handle?.close();
  }
}
