import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  databaseWriter,
  notificationChannels,
  notificationDeliveries,
  notificationEvents,
  pageChecks,
  type NotificationDeliveryStatus,
  type PageCheckStatus,
} from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNudge, Housekeeper, ManualClock, type Nudge } from "../../src/index.js";

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

let db: TempDatabase;
let dataDir: string;
let nudge: Nudge;
let channelId: number;
const log = pino({ level: "silent" });

beforeEach(async () => {
  db = await tempDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "nudge-retention-"));
  nudge = await createNudge({ db: db.db, log, clock: new ManualClock(NOW), dataDir });
  const [channel] = await databaseWriter(db.db).transaction((tx) =>
    tx
      .insert(notificationChannels)
      .values({ accountId: 1, name: "ops", kind: "webhook", events: [], secret: "sealed", updatedAt: daysAgo(200) })
      .returning({ id: notificationChannels.id }),
  );
  channelId = channel!.id;
});
afterEach(async () => {
  await nudge.close();
  db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An event `ageDays` old with one delivery in `status`. */
async function addEvent(ageDays: number, status: NotificationDeliveryStatus): Promise<number> {
  return databaseWriter(db.db).transaction(async (tx) => {
    const [event] = await tx
      .insert(notificationEvents)
      .values({ accountId: 1, type: "run.failed", occurredAt: daysAgo(ageDays) })
      .returning({ id: notificationEvents.id });
    await tx.insert(notificationDeliveries).values({
      eventId: event!.id,
      channelId,
      status,
      attempts: status === "dead" ? 9 : 0,
      nextAttemptAt: daysAgo(ageDays),
      createdAt: daysAgo(ageDays),
    });
    return event!.id;
  });
}

/** A page check `ageDays` old; with drift, a screenshot saved under the data dir like the checker does. */
async function addCheck(ageDays: number, status: PageCheckStatus): Promise<{ id: number; screenshot: string | null }> {
  const screenshot = status === "drift" ? `artifacts/page-check-${ageDays}/feed.png` : null;
  if (screenshot) {
    mkdirSync(join(dataDir, "artifacts", `page-check-${ageDays}`), { recursive: true });
    writeFileSync(join(dataDir, screenshot), "png");
  }
  const [row] = await databaseWriter(db.db).transaction((tx) =>
    tx
      .insert(pageChecks)
      .values({
        accountId: 1,
        scheduledDay: null,
        status,
        driftKeys: status === "drift" ? ["feed.post"] : [],
        pages: [
          {
            page: "feed",
            url: "https://www.linkedin.com/feed/",
            outcome: status === "drift" ? "drift" : "ok",
            resolved: [],
            missing: status === "drift" ? ["feed.post"] : [],
            artifacts: screenshot ? { screenshot, html: null } : null,
            error: null,
          },
        ],
        startedAt: daysAgo(ageDays),
        finishedAt: status === "running" ? null : daysAgo(ageDays),
      })
      .returning({ id: pageChecks.id }),
  );
  return { id: row!.id, screenshot };
}

describe("retention of notifications and page checks", () => {
  it("deletes settled notifications and finished page checks (with their artifacts) past retention, nothing else", async () => {
    const oldDelivered = await addEvent(100, "delivered");
    const oldDead = await addEvent(100, "dead");
    const oldPending = await addEvent(100, "pending");
    const oldSending = await addEvent(100, "sending");
    const recentDelivered = await addEvent(5, "delivered");
    const oldDrift = await addCheck(100, "drift");
    const oldOk = await addCheck(95, "ok");
    const stuck = await addCheck(100, "running");
    const recentDrift = await addCheck(5, "drift");

    const report = await nudge.housekeeper.runOnce();
    expect(report).toMatchObject({ notificationsDeleted: 2, pageChecksDeleted: 2, pageCheckArtifactsDeleted: 1 });

    // A delivery not yet settled keeps its event, however old: retention never loses a notification.
    const events = (await db.db.select().from(notificationEvents)).map((e) => e.id).sort();
    expect(events).toEqual([oldPending, oldSending, recentDelivered].sort());
    const deliveries = await db.db.select().from(notificationDeliveries);
    expect(deliveries.map((d) => d.eventId).sort()).toEqual(events);
    expect(events).not.toContain(oldDelivered);
    expect(events).not.toContain(oldDead);

    const checks = (await db.db.select().from(pageChecks)).map((c) => c.id).sort();
    expect(checks).toEqual([stuck.id, recentDrift.id].sort());
    expect(checks).not.toContain(oldOk.id);
    expect(existsSync(join(dataDir, oldDrift.screenshot!))).toBe(false);
    expect(existsSync(join(dataDir, recentDrift.screenshot!))).toBe(true);

    expect(await nudge.housekeeper.runOnce()).toMatchObject({ notificationsDeleted: 0, pageChecksDeleted: 0 });
  });

  it("never deletes a file outside the artifacts folder, whatever a row says", async () => {
    const outside = join(dataDir, "nudge.db.keep");
    writeFileSync(outside, "data");
    await databaseWriter(db.db).transaction((tx) =>
      tx.insert(pageChecks).values({
        accountId: 1,
        status: "drift",
        pages: [
          {
            page: "feed",
            url: "https://www.linkedin.com/feed/",
            outcome: "drift",
            resolved: [],
            missing: ["feed.post"],
            artifacts: { screenshot: "artifacts/../nudge.db.keep", html: "../../etc/hostname" },
            error: null,
          },
        ],
        startedAt: daysAgo(100),
        finishedAt: daysAgo(100),
      }),
    );
    expect(await nudge.housekeeper.runOnce()).toMatchObject({ pageChecksDeleted: 1, pageCheckArtifactsDeleted: 0 });
    expect(existsSync(outside)).toBe(true);
  });

  it("keeps everything when the retentions are 0", async () => {
    await addEvent(1000, "delivered");
    await addCheck(1000, "ok");
    const keeper = new Housekeeper({
      db: db.db,
      clock: new ManualClock(NOW),
      log,
      leases: nudge.coordinator.leases,
      dataDir,
      options: { notificationsDays: 0, pageChecksDays: 0 },
    });
    expect(await keeper.runOnce()).toMatchObject({ notificationsDeleted: 0, pageChecksDeleted: 0 });
    expect(await db.db.select().from(notificationEvents)).toHaveLength(1);
    expect(await db.db.select().from(pageChecks)).toHaveLength(1);
  });
});
