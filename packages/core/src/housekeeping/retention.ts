import { readdir, rm, rmdir, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  and,
  campaignRuns,
  databaseWriter,
  eq,
  inArray,
  interactions,
  isNotNull,
  lt,
  runEvents,
  type Database,
} from "@nudge/db";

/** Rows changed per write transaction: short lock holds, so runs and requests keep writing. */
const BATCH = 500;

const DAY_MS = 86_400_000;

/** The instant before which data older than `days` is removed; null when kept forever. */
export function cutoff(now: Date, days: number): Date | null {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS) : null;
}

/** Deletes the event logs of runs that ended before `before`, a few runs per transaction. */
export async function deleteOldRunEvents(db: Database, before: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const runs = await db
      .selectDistinct({ id: runEvents.runId })
      .from(runEvents)
      .innerJoin(campaignRuns, eq(campaignRuns.id, runEvents.runId))
      .where(lt(campaignRuns.finishedAt, before))
      .limit(20);
    if (runs.length === 0) return deleted;
    const ids = runs.map((r) => r.id);
    deleted += await databaseWriter(db).transaction(async (tx) => {
      const result = await tx.delete(runEvents).where(inArray(runEvents.runId, ids));
      return result.rowsAffected;
    });
  }
}

/** Clears the message text of interactions created before `before`, in batches. */
export async function clearOldMessageTexts(db: Database, before: Date): Promise<number> {
  let cleared = 0;
  for (;;) {
    const rows = await db
      .select({ id: interactions.id })
      .from(interactions)
      .where(and(lt(interactions.createdAt, before), isNotNull(interactions.messageText)))
      .limit(BATCH);
    if (rows.length === 0) return cleared;
    const ids = rows.map((r) => r.id);
    cleared += await databaseWriter(db).transaction(async (tx) => {
      const result = await tx.update(interactions).set({ messageText: null }).where(inArray(interactions.id, ids));
      return result.rowsAffected;
    });
  }
}

/**
 * Deletes artifact files (`<data dir>/artifacts/<run>/…`) last written before `before`, and the
 * run folders that end up empty.
 */
export async function deleteOldArtifacts(dataDir: string, before: Date): Promise<number> {
  const root = join(dataDir, "artifacts");
  let deleted = 0;
  let folders: string[];
  try {
    folders = await readdir(root);
  } catch {
    return 0; // nothing saved yet
  }
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!(await stat(dir)).isDirectory()) continue;
    const files = await readdir(dir);
    let left = files.length;
    for (const file of files) {
      const path = join(dir, file);
      const info = await stat(path);
      if (info.isFile() && info.mtime < before) {
        await rm(path, { force: true });
        deleted += 1;
        left -= 1;
      }
    }
    if (left === 0) await rmdir(dir).catch(() => undefined);
  }
  return deleted;
}
