import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { campaignRuns, contacts, databaseWriter, eq, interactions, runEvents } from "@nudge/db";
import { tempDatabase, waitFor, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNudge, Housekeeper, HOUSEKEEPING_LEASE, ManualClock, type Nudge } from "../../src/index.js";

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

let db: TempDatabase;
let dataDir: string;
let clock: ManualClock;
let nudge: Nudge;
const log = pino({ level: "silent" });

beforeEach(async () => {
  db = await tempDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "nudge-housekeeping-"));
  clock = new ManualClock(NOW);
  nudge = await createNudge({ db: db.db, log, clock, dataDir });
});
afterEach(async () => {
  await nudge.close();
  db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

async function addRun(finishedAt: Date | null): Promise<number> {
  return databaseWriter(db.db).transaction(async (tx) => {
    const [run] = await tx
      .insert(campaignRuns)
      .values({
        accountId: 1,
        kind: "birthday",
        trigger: "api",
        status: finishedAt ? "succeeded" : "running",
        createdAt: daysAgo(200),
        finishedAt,
      })
      .returning({ id: campaignRuns.id });
    await tx
      .insert(runEvents)
      .values([1, 2, 3].map((seq) => ({ runId: run!.id, seq, at: daysAgo(200), type: "step", data: { seq } })));
    return run!.id;
  });
}

async function addInteraction(contactId: number, createdAt: Date, occasion: string): Promise<number> {
  return databaseWriter(db.db).transaction(async (tx) => {
    const [row] = await tx
      .insert(interactions)
      .values({
        accountId: 1,
        contactId,
        type: "birthday_message",
        occasion,
        status: "sent",
        messageText: "Happy birthday, Jane!",
        createdAt,
      })
      .returning({ id: interactions.id });
    return row!.id;
  });
}

async function addContact(name: string, notes = ""): Promise<number> {
  return databaseWriter(db.db).transaction(async (tx) => {
    const [row] = await tx
      .insert(contacts)
      .values({
        accountId: 1,
        profileUrl: `https://www.linkedin.com/in/${name}`,
        fullName: name,
        source: "birthday",
        notes,
      })
      .returning({ id: contacts.id });
    return row!.id;
  });
}

function artifact(run: string, name: string, ageDays: number): string {
  const dir = join(dataDir, "artifacts", run);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, "png");
  const at = daysAgo(ageDays);
  utimesSync(path, at, at);
  return path;
}

describe("housekeeping", () => {
  it("removes run events, message texts and artifacts past their retention, and keeps everything else", async () => {
    const oldRun = await addRun(daysAgo(100));
    const recentRun = await addRun(daysAgo(10));
    const runningRun = await addRun(null);
    const jane = await addContact("jane-doe");
    const oldWish = await addInteraction(jane, daysAgo(400), "birthday:2025");
    const recentWish = await addInteraction(jane, daysAgo(10), "birthday:2026");
    artifact("1", "old.png", 40);
    artifact("2", "old.png", 40);
    const recentArtifact = artifact("2", "recent.png", 2);

    const report = await nudge.housekeeper.runOnce();
    expect(report).toMatchObject({ runEventsDeleted: 3, messageTextsCleared: 1, artifactsDeleted: 2 });

    const events = await db.db.select().from(runEvents);
    expect(new Set(events.map((e) => e.runId))).toEqual(new Set([recentRun, runningRun]));
    expect((await db.db.select().from(campaignRuns)).map((r) => r.id).sort()).toEqual(
      [oldRun, recentRun, runningRun].sort(),
    );
    const wishes = await db.db.select().from(interactions);
    // Who was wished, for which occasion and how stays: it is what prevents a second wish.
    expect(wishes.find((w) => w.id === oldWish)).toMatchObject({
      status: "sent",
      occasion: "birthday:2025",
      messageText: null,
    });
    expect(wishes.find((w) => w.id === recentWish)?.messageText).toBe("Happy birthday, Jane!");
    expect(readdirSync(join(dataDir, "artifacts"))).toEqual(["2"]);
    expect(statSync(recentArtifact).isFile()).toBe(true);

    // A second pass finds nothing more to do.
    expect(await nudge.housekeeper.runOnce()).toMatchObject({
      runEventsDeleted: 0,
      messageTextsCleared: 0,
      artifactsDeleted: 0,
    });
  });

  it("keeps everything when a retention is 0", async () => {
    await addRun(daysAgo(1000));
    await addInteraction(await addContact("old-friend"), daysAgo(1000), "birthday:2023");
    artifact("1", "old.png", 1000);
    const keeper = new Housekeeper({
      db: db.db,
      clock,
      log,
      leases: nudge.coordinator.leases,
      dataDir,
      options: { runEventsDays: 0, messageTextDays: 0, artifactsDays: 0 },
    });
    expect(await keeper.runOnce()).toMatchObject({ runEventsDeleted: 0, messageTextsCleared: 0, artifactsDeleted: 0 });
    expect(await db.db.select().from(runEvents)).toHaveLength(3);
  });

  it("checkpoints the WAL every pass and vacuums only once enough of the file is free", async () => {
    const notes = "x".repeat(3_900);
    const ids: number[] = [];
    for (let i = 0; i < 1_500; i++) ids.push(await addContact(`bulk-${i}`, notes));
    const first = await nudge.housekeeper.runOnce();
    expect(first.vacuum).toMatchObject({ vacuumed: false });
    expect(first.checkpoint).toEqual({ busy: false });
    expect(statSync(`${db.path}-wal`).size).toBe(0);

    await databaseWriter(db.db).transaction((tx) => tx.delete(contacts).where(eq(contacts.notes, notes)));
    const second = await nudge.housekeeper.runOnce();
    expect(second.vacuum!.vacuumed).toBe(true);
    expect(second.vacuum!.bytesAfter).toBeLessThan(second.vacuum!.bytesBefore / 3);
    expect(statSync(db.path).size).toBe(second.vacuum!.bytesAfter);
    expect(statSync(`${db.path}-wal`).size).toBe(0);
  });

  it("with several processes on one database, one of them does each interval's pass", async () => {
    const other = new Housekeeper({ db: db.db, clock, log, leases: nudge.coordinator.leases, dataDir });
    expect(await nudge.housekeeper.runScheduled()).not.toBeNull();
    expect(await other.runScheduled()).toBeNull();
    clock.advance(nudge.housekeeper.options.intervalMs + 1_000);
    expect(await other.runScheduled()).not.toBeNull();
    expect(await nudge.housekeeper.runScheduled()).toBeNull();
  });

  it("starts with the worker and makes its first pass after the delay; an API-only process does none", async () => {
    const lines: string[] = [];
    const capture = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const apiOnly = await createNudge({ db: db.db, log: capture, clock, dataDir, housekeeping: { firstDelayMs: 10 } });
    await apiOnly.startBackground({ worker: false });
    const worker = await createNudge({ db: db.db, log: capture, clock, dataDir, housekeeping: { firstDelayMs: 10 } });
    await worker.startBackground({ worker: true });
    try {
      await waitFor(() => lines.some((l) => l.includes('"msg":"housekeeping done"')), { what: "the first pass" });
      expect((await worker.coordinator.leases.holder(HOUSEKEEPING_LEASE))?.owner).toMatch(/^housekeeper-/);
      expect(lines.filter((l) => l.includes("housekeeping done"))).toHaveLength(1);
    } finally {
      await worker.close();
      await apiOnly.close();
    }
  });
});
