import type { Database } from "@nudge/db";

// Pragmas have no drizzle form: these are the only raw statements of housekeeping.

/** Folds the WAL into the database and truncates it, so the -wal file does not grow unbounded. */
export async function checkpoint(db: Database): Promise<{ busy: boolean }> {
  const result = await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  return { busy: Number(result.rows[0]?.[0] ?? 0) !== 0 };
}

export interface FileUsage {
  bytes: number;
  freeBytes: number;
}

export async function fileUsage(db: Database): Promise<FileUsage> {
  const read = async (pragma: string) => Number((await db.$client.execute(`PRAGMA ${pragma}`)).rows[0]?.[0] ?? 0);
  const pageSize = await read("page_size");
  return { bytes: (await read("page_count")) * pageSize, freeBytes: (await read("freelist_count")) * pageSize };
}

/** Files under this size are not worth rewriting, whatever their free share. */
const VACUUM_MIN_FREE_BYTES = 1024 * 1024;

/**
 * Rewrites the file without its free pages when they make up at least `minFreePercent` of it
 * (deleted rows leave free pages that SQLite reuses but never gives back to the SD card).
 * VACUUM holds the write lock while it runs; other writers wait and retry.
 */
export async function vacuumIfWorthwhile(
  db: Database,
  minFreePercent: number,
): Promise<{ vacuumed: boolean; before: FileUsage; after: FileUsage }> {
  const before = await fileUsage(db);
  const worthwhile =
    minFreePercent > 0 &&
    before.freeBytes >= VACUUM_MIN_FREE_BYTES &&
    before.freeBytes * 100 >= before.bytes * minFreePercent;
  if (!worthwhile) return { vacuumed: false, before, after: before };
  await db.$client.execute("VACUUM");
  return { vacuumed: true, before, after: await fileUsage(db) };
}
