import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  count,
  createDatabase,
  databaseWriter,
  eq,
  leases,
  LOCK_SLICE_MS,
  runMigrations,
  type DatabaseHandle,
} from "../src/index.js";

const HOLDER = fileURLToPath(new URL("fixtures/hold-write-lock.mjs", import.meta.url));
/** Long enough for several of the writer's busy slices to run out while the other process holds the lock. */
const HOLD_MS = LOCK_SLICE_MS * 6;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo();
});

async function migratedFile(): Promise<DatabaseHandle & { fileUrl: string }> {
  const dir = mkdtempSync(join(tmpdir(), "nudge-writer-test-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const fileUrl = `file:${join(dir, "nudge.db")}`;
  const handle = await createDatabase({ url: fileUrl });
  cleanup.push(() => handle.close());
  await runMigrations(handle.db);
  return { ...handle, fileUrl };
}

/** Starts another process that holds the file's write lock for `HOLD_MS`; resolves once it holds it. */
async function holdWriteLock(fileUrl: string): Promise<ChildProcess> {
  const child = fork(HOLDER, [fileUrl, String(HOLD_MS)], { stdio: "ignore" });
  cleanup.push(() => child.kill("SIGKILL"));
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the lock holder exited with ${code} before taking the lock`)));
  });
  return child;
}

const lease = (name: string) => ({ name, owner: "us", expiresAt: new Date(0) });

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));

async function leaseCount(handle: DatabaseHandle): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(leases);
  return row?.n ?? 0;
}

describe("the database writer", () => {
  it("works around libsql 0.18: a connection that met SQLITE_BUSY can never commit again", async () => {
    // Why the writer reconnects after SQLITE_BUSY. When this fails, libsql fixed it.
    const { fileUrl } = await migratedFile();
    const client = createClient({ url: fileUrl, timeout: LOCK_SLICE_MS, intMode: "number" });
    cleanup.push(() => client.close());
    const holder = await holdWriteLock(fileUrl);
    await expect(client.transaction("write")).rejects.toThrow(/SQLITE_BUSY/);
    await exited(holder);
    const tx = await client.transaction("write");
    await tx.execute("insert into leases (name, owner, expires_at) values ('after', 'us', 0)");
    await expect(tx.commit()).rejects.toThrow(/cannot commit transaction - SQL statements in progress/);
    tx.close();
  });

  it("commits after another process held the lock past its busy slices, without freezing the event loop", async () => {
    const handle = await migratedFile();
    const writer = databaseWriter(handle.db);
    expect(writer).toBe(handle.writer);
    const holder = await holdWriteLock(handle.fileUrl);
    let retriesAtRelease: number | null = null;
    void exited(holder).then(() => (retriesAtRelease = writer.busyRetries));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await writer.transaction((tx) => tx.insert(leases).values(lease("first")));
    } finally {
      clearInterval(timer);
    }
    // The wait was spent in short slices with the event loop free in between, not in one long sleep.
    expect(ticks).toBeGreaterThan(0);
    expect(writer.busyRetries).toBeGreaterThan(0);
    // Once the lock is free, at most the attempt then under way fails: the connection that met
    // SQLITE_BUSY was replaced, not tried again (it would fail until garbage collection).
    await exited(holder);
    expect(writer.busyRetries - retriesAtRelease!).toBeLessThanOrEqual(1);
    await writer.transaction((tx) => tx.insert(leases).values(lease("second")));
    expect(await leaseCount(handle)).toBe(3);
  });

  it("commits the jobs queued together in one transaction, undoing only the one that failed", async () => {
    const handle = await migratedFile();
    const insert = (name: string) => handle.writer.transaction((tx) => tx.insert(leases).values(lease(name)));
    const failing = handle.writer.transaction(async (tx) => {
      await tx.insert(leases).values(lease("undone"));
      throw new Error("this job changed its mind");
    });
    const results = await Promise.allSettled([insert("a"), failing, insert("b")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const names = (await handle.db.select({ name: leases.name }).from(leases)).map((r) => r.name).sort();
    expect(names).toEqual(["a", "b"]);
  });

  it("runs statements prepared for its jobs inside a job only", async () => {
    const handle = await migratedFile();
    const named = handle.writer.prepare((tx) =>
      tx.select({ owner: leases.owner }).from(leases).where(eq(leases.name, "a")).prepare(),
    );
    // drizzle wraps the driver's error: the reason is its cause.
    const outside = expect.stringMatching(/no write transaction is open/);
    await expect(named.all()).rejects.toHaveProperty("cause.message", outside);
    const rows = await handle.writer.transaction(async (tx) => {
      await tx.insert(leases).values(lease("a"));
      return named.all();
    });
    expect(rows).toEqual([{ owner: "us" }]);
    const nested = handle.writer.transaction((tx) => tx.transaction(async () => undefined));
    await expect(nested).rejects.toThrow(/inside a write job/);
  });

  it("writes to the file it was opened on, even after the process changed its folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nudge-writer-cwd-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const cwd = process.cwd();
    process.chdir(dir);
    let handle: DatabaseHandle;
    try {
      handle = await createDatabase({ url: "file:relative.db" });
      cleanup.push(() => handle.close());
      await runMigrations(handle.db);
    } finally {
      process.chdir(tmpdir());
    }
    try {
      await handle.writer.transaction((tx) => tx.insert(leases).values(lease("after chdir")));
    } finally {
      process.chdir(cwd);
    }
    expect(await leaseCount(handle)).toBe(1);
  });

  it("refuses jobs once its database is closed", async () => {
    const handle = await migratedFile();
    handle.close();
    await expect(handle.writer.transaction(async () => undefined)).rejects.toThrow(/the database is closed/);
  });
});
