import { accounts, and, contacts, eq, inArray, interactions, type Database } from "@nudge/db";
import { uploadAccountSession } from "../browser/session/account-session.js";
import type { EncryptionKey } from "../browser/session/session-crypto.js";
import { recordImportedReservations } from "../coordination/quota-import.js";
import { writeTransaction } from "../runs/write.js";
import { updateSettings, type SettingsPatch } from "../settings/settings-store.js";
import type { Clock } from "../time/clock.js";
import type { HistoryPlan } from "./history-plan.js";
import type { ImportChanges } from "./import-report.js";
import { newContactRow, personChanges } from "./people.js";

/**
 * Writes a planned import in one write transaction of the process-wide writer: all of it or
 * none of it. Every statement is idempotent (inserts skip what exists, updates only fill gaps),
 * both because the writer may run a job twice and because importing the same files again must
 * change nothing.
 */

export interface ImportWrite {
  accountId: number;
  history: HistoryPlan | null;
  settingsPatch: SettingsPatch | null;
  timezone: string | null;
  /** The storage state to store, as JSON (already validated), or null. */
  session: string | null;
}

const CHUNK = 200;

/** What a plan would write, counted without writing (the dry run's answer). */
export function plannedChanges(write: ImportWrite): ImportChanges {
  const people = write.history?.people ?? [];
  const planned = write.history?.interactions ?? [];
  return {
    contactsCreated: people.filter((p) => !p.existing).length,
    contactsUpdated: people.filter((p) => p.existing && Object.keys(personChanges(p)).length > 0).length,
    contactsBlacklisted: people.filter((p) => p.facts.blacklisted && p.existing?.status !== "blacklisted").length,
    birthdayMessages: planned.filter((i) => i.type === "birthday_message").length,
    profileVisits: planned.filter((i) => i.type === "profile_visit").length,
    quotaReservations: planned.filter((i) => i.reservationId !== null).length,
    settingsChanged: write.settingsPatch !== null || write.timezone !== null,
    sessionStored: write.session !== null,
  };
}

async function contactIds(tx: Database, accountId: number, urls: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < urls.length; i += CHUNK) {
    const rows = await tx
      .select({ id: contacts.id, profileUrl: contacts.profileUrl })
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), inArray(contacts.profileUrl, urls.slice(i, i + CHUNK))));
    for (const row of rows) ids.set(row.profileUrl, row.id);
  }
  return ids;
}

export async function applyImport(
  db: Database,
  write: ImportWrite,
  deps: { clock: Clock; encryptionKeys: readonly EncryptionKey[] },
): Promise<ImportChanges> {
  const { accountId } = write;
  const changes = plannedChanges(write);
  const now = deps.clock.now();
  changes.quotaReservations = await writeTransaction(db, async (tx) => {
    const people = write.history?.people ?? [];
    const fresh = people.filter((p) => !p.existing).map((p) => newContactRow(p, accountId, now));
    for (let i = 0; i < fresh.length; i += CHUNK) {
      await tx
        .insert(contacts)
        .values(fresh.slice(i, i + CHUNK))
        .onConflictDoNothing({ target: [contacts.accountId, contacts.profileUrl] });
    }
    for (const person of people) {
      const update = personChanges(person);
      if (person.existing && Object.keys(update).length > 0) {
        await tx
          .update(contacts)
          .set({ ...update, updatedAt: now })
          .where(eq(contacts.id, person.existing.id));
      }
    }
    const planned = write.history?.interactions ?? [];
    const ids = await contactIds(tx, accountId, [...new Set(planned.map((i) => i.person.profileUrl))]);
    const rows = planned.map((i) => ({
      accountId,
      contactId: ids.get(i.person.profileUrl)!,
      runId: null,
      type: i.type,
      occasion: i.occasion,
      status: i.status,
      reason: i.reason,
      messageText: i.messageText,
      daysLate: i.daysLate,
      reservationId: i.reservationId,
      createdAt: i.at,
      completedAt: i.at,
    }));
    // No conflict target: the one unique index of the table is the partial occasion index.
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insert(interactions)
        .values(rows.slice(i, i + CHUNK))
        .onConflictDoNothing();
    }
    const reserved = await recordImportedReservations(
      tx,
      planned
        .filter((i) => i.reservationId !== null)
        .map((i) => ({ id: i.reservationId!, accountId, action: i.type, at: i.at })),
    );
    if (write.settingsPatch) await updateSettings(tx, accountId, write.settingsPatch, deps.clock);
    if (write.timezone) await tx.update(accounts).set({ timezone: write.timezone }).where(eq(accounts.id, accountId));
    if (write.session) {
      await uploadAccountSession({ db: tx, keys: deps.encryptionKeys, clock: deps.clock }, accountId, write.session);
    }
    return reserved;
  });
  return changes;
}
