import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  accounts,
  contacts,
  createDatabase,
  DEFAULT_ACCOUNT_ID,
  eq,
  interactions,
  isUniqueViolation,
  migrationStatus,
  runMigrations,
  sql,
  type DatabaseHandle,
} from "../src/index.js";

const handles: { handle: DatabaseHandle; dir: string }[] = [];
async function open() {
  const dir = mkdtempSync(join(tmpdir(), "nudge-db-test-"));
  const handle = await createDatabase({ url: `file:${join(dir, "sub", "nudge.db")}` });
  handles.push({ handle, dir });
  return handle;
}
afterEach(() => {
  for (const { handle, dir } of handles.splice(0)) {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("migrations", () => {
  it("apply from any cwd, are idempotent, and create the default account", async () => {
    const { db } = await open();
    const before = await migrationStatus(db);
    expect(before.applied).toBe(0);
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      await runMigrations(db);
      await runMigrations(db);
    } finally {
      process.chdir(cwd);
    }
    const after = await migrationStatus(db);
    expect(after.pending).toBe(0);
    expect(after.applied).toBe(after.expected);
    const rows = await db.select().from(accounts);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: DEFAULT_ACCOUNT_ID, timezone: "Europe/Paris", sessionStatus: "missing" });
  });

  it("uses WAL and a busy timeout on local files", async () => {
    const { client } = await open();
    expect((await client.execute("PRAGMA journal_mode")).rows[0]?.journal_mode).toBe("wal");
    expect(Number((await client.execute("PRAGMA busy_timeout")).rows[0]?.timeout)).toBeGreaterThan(1000);
  });

  it("refuses a second wish for the same birthday but allows one after a failure", async () => {
    const { db } = await open();
    await runMigrations(db);
    const [c] = await db
      .insert(contacts)
      .values({
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: "https://www.linkedin.com/in/ada/",
        fullName: "Ada Lovelace",
        source: "birthday",
      })
      .returning();
    const base = {
      accountId: DEFAULT_ACCOUNT_ID,
      contactId: c!.id,
      type: "birthday_message" as const,
      occasion: "birthday:2026",
    };
    await db.insert(interactions).values({ ...base, status: "failed" });
    await db.insert(interactions).values({ ...base, status: "dry_run" });
    await db.insert(interactions).values({ ...base, status: "sent" });
    const second = await db
      .insert(interactions)
      .values({ ...base, status: "pending" })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(second)).toBe(true);
    const other = await db
      .insert(interactions)
      .values({ ...base, occasion: "birthday:2027", status: "pending" })
      .returning();
    expect(other).toHaveLength(1);
  });

  it("keeps the name search index in step with inserts, updates and deletes", async () => {
    const { db } = await open();
    await runMigrations(db);
    const [c] = await db
      .insert(contacts)
      .values({
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: "u1",
        fullName: "Grace Hopper",
        headline: "Rear admiral",
        source: "manual",
      })
      .returning();
    const find = async (q: string) =>
      (await db.all<{ rowid: number }>(sql`select rowid from contacts_fts where contacts_fts match ${q}`)).map(
        (r) => r.rowid,
      );
    expect(await find("grace")).toEqual([c!.id]);
    expect(await find("adm*")).toEqual([c!.id]);
    await db.update(contacts).set({ fullName: "Grace Brewster" }).where(eq(contacts.id, c!.id));
    expect(await find("hopper")).toEqual([]);
    expect(await find("brewster")).toEqual([c!.id]);
    await db.delete(contacts).where(eq(contacts.id, c!.id));
    expect(await find("brewster")).toEqual([]);
  });

  it("rejects an unknown URL scheme with a message that names no secret", async () => {
    await expect(createDatabase({ url: "postgres://user:secret@host/db" })).rejects.toThrow(/unsupported database URL/);
    await expect(createDatabase({ url: "postgres://user:secret@host/db" })).rejects.not.toThrow(/secret/);
  });
});
