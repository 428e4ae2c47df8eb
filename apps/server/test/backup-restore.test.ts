import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@nudge/client";
import { createDatabase } from "@nudge/db";
import { startSimulator, type RunningSimulator } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, waitFor, INSTANT_SETTINGS } from "@nudge/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, ENCRYPTION_KEY } from "./harness.js";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const SIM_COOKIE = "AQEDAsimulatedLiAtCookieValueForBackups0123456789";
const children: ChildProcess[] = [];
const dirs: string[] = [];
let sim: RunningSimulator;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nudge-backup-"));
  dirs.push(dir);
  return dir;
}

/** `nudge-server <args>` as its own process, from the sources. */
function nudgeServer(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", NUDGE_ENCRYPTION_KEY: ENCRYPTION_KEY, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function serve(dataDir: string) {
  const port = await freePort();
  const server = nudgeServer(["serve"], {
    NUDGE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    NUDGE_API_KEY: ADMIN_KEY,
    LINKEDIN_BASE_URL: sim.url,
    CHROMIUM_PATH: chromiumPath(),
    RUN_LEASE_MS: "10000",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/ready`)).ok, { timeoutMs: 30_000, what: "the server to be ready" });
  return {
    ...server,
    client: createClient({ url, apiKey: ADMIN_KEY }),
    async stop() {
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    },
  };
}

type Row = Record<string, unknown>;

/** Every row of the tables a backup must keep, by table, read straight from a database file. */
async function rowsOf(file: string): Promise<Record<string, Map<string, Row>>> {
  const handle = await createDatabase({ url: `file:${file}` });
  try {
    const tables: Record<string, string> = {
      interactions: "select id, contact_id, status, occasion, message_text from interactions",
      contacts: "select id, profile_url, full_name from contacts",
      api_keys: "select id, name, role from api_keys",
      campaign_runs: "select id, kind from campaign_runs",
    };
    const result: Record<string, Map<string, Row>> = {};
    for (const [table, query] of Object.entries(tables)) {
      const rows = (await handle.client.execute(query)).rows.map((r) => ({ ...r }));
      result[table] = new Map(rows.map((r) => [JSON.stringify(r.id), r]));
    }
    return result;
  } finally {
    handle.close();
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: { cookie: SIM_COOKIE, birthdays: [] } });
});
afterAll(() => sim?.close());
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("nudge-server backup and restore", () => {
  it("backs up while a run and API writes are under way, restores into a fresh data dir, and a server there has every committed row", async () => {
    const dataA = tempDir();
    const a = await serve(dataA);
    const admin = a.client;
    await admin.settings.update.mutate({
      accountId: 1,
      patch: INSTANT_SETTINGS,
    });
    await admin.accounts.uploadSession.mutate({ session: SIM_COOKIE, check: false });
    const birthdays = Array.from({ length: 30 }, (_, i) => ({
      name: `Person ${i}`,
      publicId: `person-${i}`,
      when: "today",
    }));
    await fetch(`${sim.url}/__sim/scenario`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ cookie: SIM_COOKIE, birthdays }),
    });
    const run = await admin.campaigns.startBirthday.mutate({ accountId: 1, dryRun: false });

    // Sustained writes through the API beside the run: each acknowledged key is committed.
    const acknowledged: { id: number; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const key = await admin.keys.create.mutate({ name: `load-${i}`, role: "viewer" });
        acknowledged.push({ id: key.id, at: performance.now() });
      }
    })();
    await waitFor(async () => ((await admin.campaigns.runs.get.query({ runId: run.id })).counters.sent ?? 0) >= 3, {
      timeoutMs: 90_000,
      what: "the run to send its first wishes",
    });

    const database = join(dataA, "nudge.db");
    const before = await rowsOf(database);
    const backupStarted = performance.now();
    const backupFile = join(tempDir(), "nudge-under-load.db");
    const backup = nudgeServer(["backup", backupFile], { NUDGE_DATA_DIR: dataA });
    expect(await backup.exited, backup.output().stderr).toBe(0);
    const backupEnded = performance.now();
    const after = await rowsOf(database);
    expect(backup.output().stdout).toMatch(
      /^backed up .*nudge\.db to .*nudge-under-load\.db \(\d+ bytes, integrity ok, \d+ ms\)$/m,
    );
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect((await a.client.campaigns.runs.get.query({ runId: run.id })).status).toBe("running");

    // A server uses data dir A: restoring there is refused and changes nothing.
    const refused = nudgeServer(["restore", backupFile], { NUDGE_DATA_DIR: dataA });
    expect(await refused.exited).toBe(1);
    expect(refused.output().stderr).toMatch(/a server is using .* \(pid \d+ on .*\): stop it first/);

    writing = false;
    await writer;
    await a.stop();

    // The copy is one consistent snapshot: everything committed before it started, nothing
    // that did not exist by the time it ended, and no row half-written.
    const copy = await rowsOf(backupFile);
    for (const table of Object.keys(before)) {
      for (const [id, row] of before[table]!) {
        expect(copy[table]!.has(id), `${table} ${id} committed before the backup`).toBe(true);
        if (table !== "interactions" || row.status === "sent") expect(copy[table]!.get(id)).toEqual(row);
      }
      for (const id of copy[table]!.keys()) expect(after[table]!.has(id), `${table} ${id}`).toBe(true);
    }
    expect(copy.interactions!.size).toBeGreaterThanOrEqual(3);
    for (const { id, at } of acknowledged) {
      if (at < backupStarted)
        expect(copy.api_keys!.has(String(id)), `key ${id} acknowledged before the backup`).toBe(true);
      if (at > backupEnded) expect(copy.api_keys!.has(String(id)), `key ${id} created after the backup`).toBe(false);
    }

    // Restored into a fresh data dir, a server finds every row of the copy through the API.
    const dataB = tempDir();
    const restore = nudgeServer(["restore", backupFile], { NUDGE_DATA_DIR: dataB });
    expect(await restore.exited, restore.output().stderr).toBe(0);
    expect(restore.output().stdout).toContain(`restored ${backupFile} into ${join(dataB, "nudge.db")} (integrity ok)`);
    const b = await serve(dataB);
    const keyIds = new Set((await b.client.keys.list.query()).map((k) => String(k.id)));
    expect(keyIds).toEqual(new Set(copy.api_keys!.keys()));
    const interactions: { id: number; status: string; messageText: string | null }[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await b.client.data.interactions.list.query({ accountId: 1, limit: 100, cursor });
      interactions.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(interactions.map((i) => String(i.id)))).toEqual(new Set(copy.interactions!.keys()));
    for (const i of interactions) expect(i.messageText).toBe(copy.interactions!.get(String(i.id))!.message_text);
    expect((await b.client.campaigns.runs.get.query({ runId: run.id })).id).toBe(run.id);
    // The stored session came along and is readable with the same encryption key.
    expect((await b.client.accounts.status.query({})).sessionStatus).toBe("valid");
    await b.stop();
  });

  it("keeps the newest N backups in a folder; refuses a damaged file, a foreign database and a remote database", async () => {
    const data = tempDir();
    const migrate = nudgeServer(["migrate"], { NUDGE_DATA_DIR: data });
    expect(await migrate.exited).toBe(0);
    const folder = join(tempDir(), "backups");
    mkdirSync(folder);
    for (const old of ["nudge-20200101-000000.db", "nudge-20200102-000000.db", "nudge-20200103-000000.db"])
      writeFileSync(join(folder, old), "old");
    writeFileSync(join(folder, "notes.txt"), "not a backup");
    const backup = nudgeServer(["backup", `${folder}/`, "--keep", "2"], { NUDGE_DATA_DIR: data });
    expect(await backup.exited, backup.output().stderr).toBe(0);
    const kept = readdirSync(folder).sort();
    expect(kept).toEqual(["notes.txt", "nudge-20200103-000000.db", expect.stringMatching(/^nudge-\d{8}-\d{6}\.db$/)]);
    expect(backup.output().stdout).toMatch(
      /removed old backup nudge-20200101-000000\.db\nremoved old backup nudge-20200102-000000\.db/,
    );

    const target = tempDir();
    const damaged = join(folder, "damaged.db");
    writeFileSync(damaged, randomBytes(8192));
    const refusedDamaged = nudgeServer(["restore", damaged], { NUDGE_DATA_DIR: target });
    expect(await refusedDamaged.exited).toBe(1);
    expect(refusedDamaged.output().stderr).toMatch(/damaged\.db (is damaged|cannot be read as a database)/);

    const foreign = join(folder, "foreign.db");
    const handle = await createDatabase({ url: `file:${foreign}` });
    await handle.client.execute("create table notes (id integer primary key, body text)");
    handle.close();
    const refusedForeign = nudgeServer(["restore", foreign], { NUDGE_DATA_DIR: target });
    expect(await refusedForeign.exited).toBe(1);
    expect(refusedForeign.output().stderr).toContain("is not a Nudge database");
    expect(readdirSync(target)).toEqual([]);

    const fresh = join(folder, kept[2]!);
    const newer = await createDatabase({ url: `file:${fresh}` });
    await newer.client.execute(
      "insert into __drizzle_migrations (hash, created_at) values ('from-the-future', 9999999999999)",
    );
    newer.close();
    const refusedNewer = nudgeServer(["restore", fresh], { NUDGE_DATA_DIR: target });
    expect(await refusedNewer.exited).toBe(1);
    expect(refusedNewer.output().stderr).toContain(
      "was written by a newer Nudge (1 migrations this version does not know)",
    );

    const remote = nudgeServer(["backup", join(folder, "x.db")], { DATABASE_URL: "http://127.0.0.1:9/db" });
    expect(await remote.exited).toBe(1);
    expect(remote.output().stderr).toContain("backup works on a local database file");
    const badKeep = nudgeServer(["backup", join(folder, "y.db"), "--keep", "2"], { NUDGE_DATA_DIR: data });
    expect(await badKeep.exited).toBe(1);
    expect(badKeep.output().stderr).toContain("--keep works with a folder target");
  });
});
