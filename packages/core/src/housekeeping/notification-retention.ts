import { rm } from "node:fs/promises";
import { isAbsolute, join, normalize, relative } from "node:path";
import {
  and,
  databaseWriter,
  inArray,
  lt,
  ne,
  not,
  notificationDeliveries,
  notificationEvents,
  pageChecks,
  type Database,
} from "@nudge/db";

/** Rows removed per write transaction: short lock holds, so runs and requests keep writing. */
const BATCH = 200;

/**
 * Deletes notification events that occurred before `before` together with their deliveries,
 * once every delivery is settled (delivered or dead): one still pending or being sent stays,
 * whatever its age, so retention never loses a notification (docs/notifications.md#outbox).
 */
export async function deleteOldNotifications(db: Database, before: Date): Promise<number> {
  const unsettled = db
    .select({ eventId: notificationDeliveries.eventId })
    .from(notificationDeliveries)
    .where(inArray(notificationDeliveries.status, ["pending", "sending"]));
  let deleted = 0;
  for (;;) {
    const events = await db
      .select({ id: notificationEvents.id })
      .from(notificationEvents)
      .where(and(lt(notificationEvents.occurredAt, before), not(inArray(notificationEvents.id, unsettled))))
      .limit(BATCH);
    if (events.length === 0) return deleted;
    const ids = events.map((e) => e.id);
    deleted += await databaseWriter(db).transaction(async (tx) => {
      await tx.delete(notificationDeliveries).where(inArray(notificationDeliveries.eventId, ids));
      const result = await tx.delete(notificationEvents).where(inArray(notificationEvents.id, ids));
      return result.rowsAffected;
    });
  }
}

/**
 * Deletes finished page checks started before `before`, then the screenshots and HTML they
 * saved under `<data dir>/artifacts/` (only there: a stored path never reaches outside it).
 */
export async function deleteOldPageChecks(
  db: Database,
  dataDir: string,
  before: Date,
): Promise<{ checks: number; artifacts: number }> {
  const artifactsDir = join(dataDir, "artifacts");
  const out = { checks: 0, artifacts: 0 };
  for (;;) {
    const rows = await db
      .select({ id: pageChecks.id, pages: pageChecks.pages })
      .from(pageChecks)
      .where(and(lt(pageChecks.startedAt, before), ne(pageChecks.status, "running")))
      .limit(BATCH);
    if (rows.length === 0) return out;
    const ids = rows.map((r) => r.id);
    out.checks += await databaseWriter(db).transaction(async (tx) => {
      const result = await tx.delete(pageChecks).where(inArray(pageChecks.id, ids));
      return result.rowsAffected;
    });
    // Files after the rows: a file left behind is swept by the artifacts retention, a row
    // pointing at a missing file would be a broken link.
    for (const file of rows.flatMap((r) => r.pages.flatMap((p) => [p.artifacts?.screenshot, p.artifacts?.html]))) {
      if (!file) continue;
      const path = normalize(join(dataDir, file));
      const inside = relative(artifactsDir, path);
      if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) continue;
      try {
        await rm(path);
        out.artifacts += 1;
      } catch {
        // already gone (the artifacts retention got there first)
      }
    }
  }
}
