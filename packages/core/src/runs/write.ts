import type { Database } from "@nudge/db";

/**
 * Runs `work` in one write transaction. Every write of the runs module goes through here, so it
 * moves to the process-wide database writer in one place.
 */
export function writeTransaction<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Database));
}
