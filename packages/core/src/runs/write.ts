import { write, type Database } from "@nudge/db";

/**
 * Runs `work` in one write transaction of the process-wide database writer (group commit, its
 * own connection, no frozen event loop while another process holds the lock), or directly when
 * `db` already is a write job's transaction. `work` may run more than once, so it must touch
 * the database only through `tx`.
 */
export function writeTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return write(db, work);
}
