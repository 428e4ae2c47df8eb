import { readdirSync } from "node:fs";
import { join } from "node:path";
import { contacts, eq, interactions } from "@nudge/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NAME_ONLY_PROFILE_PREFIX, nameOnlyProfileUrl } from "../../src/contacts/contact-upsert.js";
import { CALLER, snapshot, startImportHarness, type ImportHarness } from "./harness.js";
import { IMPORT_NOW, ORIGINAL_HISTORY } from "./fixtures.js";
import { createOriginalDatabase } from "./original-database.js";

const LI = "https://www.linkedin.com/in";
let h: ImportHarness;
let source: string;

beforeEach(async () => {
  h = await startImportHarness(IMPORT_NOW);
  source = join(h.sourceDir, "linkedin.db");
  await createOriginalDatabase(source, ORIGINAL_HISTORY);
  // What Nudge already knows: Marc and Léa from a birthday run, two different Paul Durands.
  const at = new Date("2025-12-01T10:00:00Z");
  await h.db.db.insert(contacts).values([
    {
      accountId: 1,
      profileUrl: `${LI}/marc-lefevre/`,
      publicId: "marc-lefevre",
      fullName: "Marc Lefevre",
      source: "birthday",
      createdAt: at,
    },
    {
      accountId: 1,
      profileUrl: `${LI}/lea-noel/`,
      publicId: "lea-noel",
      fullName: "Léa Noël",
      source: "birthday",
      createdAt: at,
    },
    {
      accountId: 1,
      profileUrl: `${LI}/paul-durand-a/`,
      publicId: "paul-durand-a",
      fullName: "Paul Durand",
      source: "sourcing",
      createdAt: at,
    },
    {
      accountId: 1,
      profileUrl: `${LI}/paul-durand-b/`,
      publicId: "paul-durand-b",
      fullName: "Paul Durand",
      source: "sourcing",
      createdAt: at,
    },
  ]);
});
afterEach(() => h.close());

async function contactByUrl(profileUrl: string) {
  return h.db.db.select().from(contacts).where(eq(contacts.profileUrl, profileUrl)).get();
}

async function interactionsOf(profileUrl: string) {
  const contact = await contactByUrl(profileUrl);
  if (!contact) return [];
  return h.db.db
    .select()
    .from(interactions)
    .where(eq(interactions.contactId, contact.id))
    .orderBy(interactions.createdAt);
}

describe("importing the original bot's database", () => {
  it("maps people by URL then by name, wishes to the birthday's year, visits and the blacklist; twice changes nothing", async () => {
    const report = await h.nudge.imports.run(1, { database: { path: source } }, { dryRun: false }, CALLER);

    expect(report.database).toMatchObject({
      v1SchemaVersion: 4,
      contactsShape: "v1",
      appV2Interactions: true,
      sourceZone: "Europe/Paris",
    });
    expect(report.changes).toEqual({
      contactsCreated: 9,
      contactsUpdated: 2,
      contactsBlacklisted: 2,
      birthdayMessages: 6,
      profileVisits: 6,
      quotaReservations: 7,
      settingsChanged: false,
      sessionStored: false,
    });
    const table = (name: string) => report.tables.find((t) => t.table === name);
    expect(table("contacts")).toEqual({
      table: "contacts",
      rows: 5,
      imported: 4,
      alreadyPresent: 0,
      duplicates: 1,
      skipped: 0,
    });
    expect(table("birthday_messages")).toMatchObject({ rows: 8, imported: 6, duplicates: 1, skipped: 1 });
    expect(table("profile_visits")).toMatchObject({ rows: 6, imported: 4, duplicates: 1, skipped: 1 });
    expect(table("scraped_profiles")).toMatchObject({ rows: 3, imported: 2, skipped: 1 });
    expect(table("blacklist")).toMatchObject({ rows: 3, imported: 2, skipped: 1 });
    expect(table("interactions (app_v2)")).toMatchObject({ rows: 4, imported: 1, duplicates: 1, skipped: 2 });
    expect(report.skipped.map((s) => `${s.table}#${s.id}`).sort()).toEqual([
      "birthday_messages#8",
      "blacklist#2",
      "interactions (app_v2)#2",
      "interactions (app_v2)#4",
      "profile_visits#6",
      "scraped_profiles#3",
    ]);
    expect(report.notImported.map((t) => t.table)).toEqual([
      "bot_executions",
      "campaigns",
      "errors",
      "linkedin_selectors",
      "notification_logs",
      "notification_settings",
    ]);
    expect(JSON.stringify(report)).not.toContain("hunter2");

    // Homonyms are reported, not guessed: in the file (two Marie Martin URLs) and in Nudge (two Paul Durands).
    expect(report.ambiguities).toEqual([
      { name: "Marie Martin", candidates: [`${LI}/marie-martin-1/`, `${LI}/marie-martin-2/`], rows: 2 },
      { name: "Paul Durand", candidates: [`${LI}/paul-durand-a/`, `${LI}/paul-durand-b/`], rows: 2 },
    ]);
    expect(await interactionsOf(`${LI}/paul-durand-a/`)).toEqual([]);
    expect(
      (await interactionsOf(nameOnlyProfileUrl("Paul Durand"))).map((i) => [i.type, i.occasion, i.daysLate]),
    ).toEqual([
      ["profile_visit", "visit:2025-11-01", null],
      ["birthday_message", "birthday:2026", 1],
    ]);

    // Occasions: the year of the birthday celebrated, in the account's zone.
    const jane = await contactByUrl(nameOnlyProfileUrl("Jane Doe"));
    expect(jane).toMatchObject({
      fullName: "Jane Doe",
      source: "import",
      notes: "met at DevFest",
      birthMonth: 1,
      birthDay: 2,
    });
    expect((await interactionsOf(jane!.profileUrl)).map((i) => [i.occasion, i.status, i.messageText])).toEqual([
      ["birthday:2025", "sent", "Joyeux anniversaire Jane !"],
      ["birthday:2026", "sent", "Joyeux anniversaire Jane !"],
    ]);
    const marc = await contactByUrl(`${LI}/marc-lefevre/`);
    expect(marc).toMatchObject({ source: "birthday", birthMonth: 12, birthDay: 31 });
    expect((await interactionsOf(marc!.profileUrl)).map((i) => [i.type, i.occasion])).toEqual([
      ["profile_visit", "visit:2025-12-20"],
      ["birthday_message", "birthday:2025"],
    ]);
    const lea = await interactionsOf(`${LI}/lea-noel/`);
    expect(lea.map((i) => [i.occasion, i.daysLate])).toEqual([["birthday:2025", 2]]);
    expect(await contactByUrl(`${LI}/lea-noel/`)).toMatchObject({ birthMonth: 12, birthDay: 31 });

    // Visits: one per person and day, a failure kept as failed, a scraped profile's facts.
    const marie1 = await contactByUrl(`${LI}/marie-martin-1/`);
    expect(marie1).toMatchObject({ headline: "Data Engineer", company: "Acme", location: "Lyon", fitScore: 72.5 });
    expect(marie1!.profile).toEqual({ skills: ["python", "sql"], openToWork: true });
    expect((await interactionsOf(marie1!.profileUrl)).map((i) => [i.occasion, i.status])).toEqual([
      ["visit:2025-12-30", "sent"],
    ]);
    expect((await interactionsOf(`${LI}/tom-becker/`)).map((i) => [i.status, i.reason])).toEqual([
      ["failed", "imported from the original bot: Timeout 90000ms exceeded"],
    ]);
    expect((await interactionsOf(`${LI}/sophie-bernard/`)).map((i) => i.occasion)).toEqual(["visit:2025-12-29"]);

    // The blacklist: by URL where the original had one, by name otherwise (as the original matched).
    expect(await contactByUrl(`${LI}/recruiter-bob/`)).toMatchObject({ status: "blacklisted" });
    expect(await contactByUrl(nameOnlyProfileUrl("Spam Person"))).toMatchObject({
      status: "blacklisted",
      fullName: "Spam Person",
    });
    expect(await contactByUrl(nameOnlyProfileUrl("Ex Colleague"))).toBeUndefined();

    // Sends inside the current windows are counted: today (Jan 2 in Paris) 3 wishes, this week 4 wishes and 3 visits.
    const overview = await h.nudge.accounts.overview(1);
    const used = (action: string, window: string) =>
      overview.actions.find((a) => a.action === action)!.windows.find((w) => w.window === window)!.used;
    expect([used("birthday_message", "day"), used("birthday_message", "week")]).toEqual([3, 4]);
    expect([used("profile_visit", "day"), used("profile_visit", "week")]).toEqual([0, 3]);

    const before = await snapshot(h.db.db);
    const again = await h.nudge.imports.run(1, { database: { path: source } }, { dryRun: false }, CALLER);
    expect(await snapshot(h.db.db)).toEqual(before);
    expect(again.changes).toEqual({
      contactsCreated: 0,
      contactsUpdated: 0,
      contactsBlacklisted: 0,
      birthdayMessages: 0,
      profileVisits: 0,
      quotaReservations: 0,
      settingsChanged: false,
      sessionStored: false,
    });
    expect(again.tables.reduce((n, t) => n + t.imported, 0)).toBe(0);
    expect(again.ambiguities.map((a) => a.name)).toEqual(["Marie Martin", "Paul Durand"]);
    expect(readdirSync(join(h.dataDir, "imports"))).toHaveLength(2);
  });

  it("a dry run reports what the import would do and writes nothing", async () => {
    const before = await snapshot(h.db.db);
    const dry = await h.nudge.imports.run(1, { database: { path: source } }, { dryRun: true }, CALLER);
    expect(dry.reportPath).toBeNull();
    expect(await snapshot(h.db.db)).toEqual(before);
    const real = await h.nudge.imports.run(1, { database: { path: source } }, { dryRun: false }, CALLER);
    expect(real.changes).toEqual(dry.changes);
    expect(real.tables).toEqual(dry.tables);
    expect(real.ambiguities).toEqual(dry.ambiguities);
    const nameOnly = (await h.db.db.select().from(contacts)).filter((c) =>
      c.profileUrl.startsWith(NAME_ONLY_PROFILE_PREFIX),
    );
    expect(nameOnly.map((c) => c.fullName).sort()).toEqual(["Jane Doe", "Marie Martin", "Paul Durand", "Spam Person"]);
  });

  it("reads a file app_v2 created alone: its contacts by profile URL, their birthdays and statuses, its log", async () => {
    const path = join(h.sourceDir, "app_v2.db");
    await createOriginalDatabase(path, {
      layout: "app_v2",
      tables: {
        contacts: [
          {
            id: 1,
            name: "Ada Lovelace",
            profile_url: `${LI}/ada/`,
            headline: "Analyst",
            birth_date: "1815-12-10",
            status: "contacted",
            created_at: "2025-06-01 10:00:00",
          },
          {
            id: 2,
            name: "Blocked Bob",
            profile_url: `${LI}/bob/`,
            status: "blacklisted",
            created_at: "2025-06-01 10:00:00",
          },
        ],
        interactions: [
          {
            contact_id: 1,
            type: "birthday_sent",
            status: "success",
            payload: JSON.stringify({ message: "Joyeux anniversaire Ada ! 🎂", dry_run: false }),
            created_at: "2025-12-10 09:00:00",
          },
          {
            contact_id: 1,
            type: "birthday_sent",
            status: "failed",
            payload: JSON.stringify({ message: "x", dry_run: false }),
            created_at: "2025-12-10 09:05:00",
          },
        ],
      },
    });
    const report = await h.nudge.imports.run(1, { database: { path } }, { dryRun: false }, CALLER);
    expect(report.database).toMatchObject({ v1SchemaVersion: null, contactsShape: "app_v2", appV2Interactions: true });
    expect(report.tables.find((t) => t.table === "interactions (app_v2)")).toMatchObject({
      rows: 2,
      imported: 1,
      skipped: 1,
    });
    expect(await contactByUrl(`${LI}/ada/`)).toMatchObject({
      headline: "Analyst",
      birthMonth: 12,
      birthDay: 10,
      birthYear: 1815,
    });
    expect(await contactByUrl(`${LI}/bob/`)).toMatchObject({ status: "blacklisted" });
    expect((await interactionsOf(`${LI}/ada/`)).map((i) => [i.occasion, i.status, i.createdAt.toISOString()])).toEqual([
      ["birthday:2025", "sent", "2025-12-10T09:00:00.000Z"],
    ]);
  });
});
