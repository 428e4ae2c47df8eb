import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/libsql/migrator";
import { readFileSync } from "node:fs";
import type { Database } from "./client.js";
import { accounts, DEFAULT_ACCOUNT_ID } from "./schema/index.js";

/**
 * Resolved from this module, never from the cwd: turbo runs scripts from the package folder,
 * Docker from /app and tests from anywhere. `src/` and `dist/` both sit one level below the
 * package root, so the same relative path works for the sources and the build.
 */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(): JournalEntry[] {
  const raw = readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8");
  return (JSON.parse(raw) as { entries: JournalEntry[] }).entries;
}

/** Applies every pending migration, then makes sure the default account exists. */
export async function runMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
  await db
    .insert(accounts)
    .values({ id: DEFAULT_ACCOUNT_ID, name: "Default" })
    .onConflictDoNothing({ target: accounts.id });
}

export interface MigrationStatus {
  applied: number;
  expected: number;
  pending: number;
}

/** For `/ready`: how many of the shipped migrations the database has recorded. */
export async function migrationStatus(db: Database): Promise<MigrationStatus> {
  const expected = journal().length;
  const exists = await db.get<{ n: number }>(
    sql`select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'`,
  );
  if (!exists || exists.n === 0) return { applied: 0, expected, pending: expected };
  const row = await db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`);
  const applied = row?.n ?? 0;
  return { applied, expected, pending: Math.max(0, expected - applied) };
}
