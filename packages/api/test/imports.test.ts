import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEncryptionKey } from "@nudge/core";
import { createDatabase } from "@nudge/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi({ encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("hex"))] });
});
afterEach(() => api.destroy());

/** The original's V1 file, with the tables this test needs, as a panel would upload it (base64). */
async function originalDatabase(): Promise<string> {
  const path = join(api.database.dir, "linkedin.db");
  const handle = await createDatabase({ url: `file:${path}` });
  await handle.client.executeMultiple(`
    CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER UNIQUE, applied_at TEXT NOT NULL);
    INSERT INTO schema_version (version, applied_at) VALUES (4, '2025-03-01T10:00:00');
    CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, linkedin_url TEXT UNIQUE, notes TEXT,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE birthday_messages (id INTEGER PRIMARY KEY, contact_id INTEGER, contact_name TEXT NOT NULL,
      message_text TEXT NOT NULL, sent_at TEXT NOT NULL, is_late BOOLEAN DEFAULT 0, days_late INTEGER DEFAULT 0);
    INSERT INTO contacts VALUES (1, 'Jane Doe', NULL, NULL, '2024-01-01T10:00:00', '2024-01-01T10:00:00');
    INSERT INTO birthday_messages (contact_id, contact_name, message_text, sent_at)
      VALUES (1, 'Jane Doe', 'Joyeux anniversaire Jane !', '2026-11-22T08:00:00+00:00');
    PRAGMA wal_checkpoint(TRUNCATE);
  `);
  handle.close();
  return readFileSync(path).toString("base64");
}

describe("imports router", () => {
  it("previews the report without writing, then confirms the same files", async () => {
    const database = await originalDatabase();
    const files = {
      database,
      messages: "Joyeux anniversaire {name} !",
      config: "birthday_filter:\n  max_days_late: 3\n",
    };
    const preview = await api.caller("admin").imports.preview(files);
    expect(preview).toMatchObject({
      dryRun: true,
      reportPath: null,
      changes: { contactsCreated: 1, birthdayMessages: 1, quotaReservations: 1 },
    });
    expect(preview.settings.diff.map((d) => d.path).sort()).toEqual(["birthday.lateWindowDays", "templates.today"]);
    expect((await api.caller("viewer").data.contacts.list({})).items).toEqual([]);

    const confirmed = await api.caller("admin").imports.confirm(files);
    expect(confirmed.changes).toEqual(preview.changes);
    expect(confirmed.reportPath).toMatch(/imports\/import-v1-.*\.json$/);
    const contacts = (await api.caller("viewer").data.contacts.list({})).items;
    expect(contacts.map((c) => [c.fullName, c.source])).toEqual([["Jane Doe", "import"]]);
    const settings = await api.caller("viewer").settings.get({});
    expect(settings.settings.templates.today).toEqual(["Joyeux anniversaire {first_name} !"]);
  });

  it("is for admins only, bounds its inputs, and never echoes the Fernet key", async () => {
    await expect(api.caller("operator").imports.preview({ config: "dry_run: true\n" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(api.caller("admin").imports.preview({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.caller("admin").imports.preview({ config: "x".repeat(256 * 1024 + 1) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(api.caller("admin").imports.preview({ database: "not base64!" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    const key = "Zm9yLW51ZGdlLWltcG9ydC10ZXN0cy0zMi1ieXRlcyE=";
    const error = await api
      .caller("admin")
      .imports.confirm({ authState: "gA" + "A".repeat(100), fernetKey: key })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/could not be decrypted/) });
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it("refuses a file that is not the original's database", async () => {
    const error = await api
      .caller("admin")
      .imports.confirm({ database: Buffer.from("SQLite format 3\u0000 but not really").toString("base64") })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      nudgeCode: "IMPORT_SOURCE_REFUSED",
      message: expect.stringMatching(/not an SQLite database/),
    });
  });
});
