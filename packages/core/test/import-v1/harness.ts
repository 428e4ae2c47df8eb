import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accounts, contacts, count, eq, interactions, quotaReservations, settings, type Database } from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { createNudge, ManualClock, parseEncryptionKey, type Nudge } from "../../src/index.js";

export const CALLER = { by: "test" };

export interface ImportHarness {
  db: TempDatabase;
  nudge: Nudge;
  clock: ManualClock;
  /** Where the original's files are written for a test. */
  sourceDir: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A temp Nudge database and the real domain, at a fixed instant. */
export async function startImportHarness(now: string): Promise<ImportHarness> {
  const db = await tempDatabase();
  const clock = new ManualClock(now);
  const dataDir = mkdtempSync(join(tmpdir(), "nudge-import-data-"));
  const sourceDir = mkdtempSync(join(tmpdir(), "nudge-import-source-"));
  const nudge = await createNudge({
    db: db.db,
    log: pino({ level: "silent" }),
    clock,
    dataDir,
    encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("hex"))],
  });
  return {
    db,
    nudge,
    clock,
    sourceDir,
    dataDir,
    async close() {
      await nudge.close();
      db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(sourceDir, { recursive: true, force: true });
    },
  };
}

/** Everything an import may write, so "nothing changed" is one comparison. */
export async function snapshot(db: Database) {
  const n = async (t: typeof contacts | typeof interactions | typeof quotaReservations) =>
    (await db.select({ n: count() }).from(t).get())?.n ?? 0;
  return {
    contacts: await n(contacts),
    interactions: await n(interactions),
    reservations: await n(quotaReservations),
    contactRows: await db.select().from(contacts).orderBy(contacts.id),
    interactionRows: await db.select().from(interactions).orderBy(interactions.id),
    reservationRows: await db.select().from(quotaReservations).orderBy(quotaReservations.id),
    settings: await db.select().from(settings),
    account: await db.select().from(accounts).where(eq(accounts.id, 1)).get(),
  };
}
