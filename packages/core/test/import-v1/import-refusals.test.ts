import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isNudgeError } from "../../src/index.js";
import { CALLER, snapshot, startImportHarness, type ImportHarness } from "./harness.js";
import { IMPORT_NOW, ORIGINAL_HISTORY } from "./fixtures.js";
import { createOriginalDatabase } from "./original-database.js";

let h: ImportHarness;
beforeEach(async () => {
  h = await startImportHarness(IMPORT_NOW);
});
afterEach(() => h.close());

async function refusal(path: string): Promise<string> {
  const before = await snapshot(h.db.db);
  const error = await h.nudge.imports
    .run(1, { database: { path }, config: "scheduling:\n  daily_start_hour: 9\n" }, { dryRun: false }, CALLER)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(isNudgeError(error, "IMPORT_SOURCE_REFUSED")).toBe(true);
  // Nothing is written, not even the config given beside the refused database.
  expect(await snapshot(h.db.db)).toEqual(before);
  return (error as Error).message;
}

const fingerprint = (path: string) => ({
  sha256: createHash("sha256").update(readFileSync(path)).digest("hex"),
  mtimeMs: statSync(path).mtimeMs,
  size: statSync(path).size,
});

describe("files the import refuses, writing nothing", () => {
  it("a file that is not SQLite", async () => {
    const path = join(h.sourceDir, "linkedin.db");
    writeFileSync(path, "name,linkedin_url\nJane Doe,\n");
    expect(await refusal(path)).toMatch(/not an SQLite database/);
  });

  it("a truncated copy", async () => {
    const full = join(h.sourceDir, "full.db");
    await createOriginalDatabase(full, ORIGINAL_HISTORY);
    const bytes = readFileSync(full);
    const path = join(h.sourceDir, "linkedin.db");
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await refusal(path)).toMatch(/truncated/);
  });

  it("a damaged file whose header still looks right", async () => {
    const full = join(h.sourceDir, "full.db");
    await createOriginalDatabase(full, ORIGINAL_HISTORY);
    const bytes = Buffer.from(readFileSync(full));
    bytes.fill(0x5a, 4096, bytes.length); // every page after the first overwritten
    const path = join(h.sourceDir, "linkedin.db");
    writeFileSync(path, bytes);
    expect(await refusal(path)).toMatch(/damaged|cannot be read/);
  });

  it("an unknown V1 schema version", async () => {
    const path = join(h.sourceDir, "linkedin.db");
    await createOriginalDatabase(path, { ...ORIGINAL_HISTORY, schemaVersions: [1, 2, 3, 4, 5] });
    expect(await refusal(path)).toMatch(/schema version 5 .* not one this import knows \(1, 2, 3, 4\)/);
  });

  it("an SQLite database of something else, and Nudge's own", async () => {
    const path = join(h.sourceDir, "other.db");
    const client = createClient({ url: `file:${path}` });
    await client.execute("create table recipes (id integer primary key, title text)");
    client.close();
    expect(await refusal(path)).toMatch(/no table of the original bot/);
    expect(await refusal(h.db.path)).toMatch(/this is a Nudge database/);
  });
});

describe("the source file", () => {
  it("is read from a copy, with the writes still in its WAL, and never changes", async () => {
    const path = join(h.sourceDir, "linkedin.db");
    await createOriginalDatabase(path, ORIGINAL_HISTORY);
    // The original bot still has the file open: its last wish sits in the WAL, not yet in the file.
    const open = createClient({ url: `file:${path}` });
    await open.execute("pragma wal_autocheckpoint = 0");
    await open.execute({
      sql: "insert into birthday_messages (contact_name, message_text, sent_at) values (?, ?, ?)",
      args: ["Zoé Blanc", "Joyeux anniversaire Zoé !", "2026-01-02T09:00:00+00:00"],
    });
    try {
      expect(existsSync(`${path}-wal`)).toBe(true);
      const before = { db: fingerprint(path), wal: fingerprint(`${path}-wal`) };
      const report = await h.nudge.imports.run(1, { database: { path } }, { dryRun: false }, CALLER);
      expect(report.tables.find((t) => t.table === "birthday_messages")).toMatchObject({ rows: 9, imported: 7 });
      expect({ db: fingerprint(path), wal: fingerprint(`${path}-wal`) }).toEqual(before);
      expect(report.database?.sha256).toBe(before.db.sha256);
    } finally {
      open.close();
    }
  });
});
