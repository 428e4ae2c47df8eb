import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase } from "@nudge/db";
import { Fernet } from "fernet-nodejs";
import { afterEach, describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nudge-import-cli-"));
  dirs.push(dir);
  return dir;
}

async function runMain(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, stdout, stderr };
}

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The original's V1 file (the tables this test needs), with the given schema version. */
async function originalDatabase(path: string, version = 4): Promise<void> {
  const handle = await createDatabase({ url: `file:${path}` });
  await handle.client.executeMultiple(`
    CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER UNIQUE, applied_at TEXT NOT NULL);
    INSERT INTO schema_version (version, applied_at) VALUES (${version}, '2025-03-01T10:00:00');
    CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, linkedin_url TEXT UNIQUE, notes TEXT,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE birthday_messages (id INTEGER PRIMARY KEY, contact_id INTEGER, contact_name TEXT NOT NULL,
      message_text TEXT NOT NULL, sent_at TEXT NOT NULL, is_late BOOLEAN DEFAULT 0, days_late INTEGER DEFAULT 0);
    CREATE TABLE blacklist (id INTEGER PRIMARY KEY, contact_name TEXT NOT NULL, linkedin_url TEXT, reason TEXT,
      added_at TEXT NOT NULL, added_by TEXT DEFAULT 'user', is_active BOOLEAN DEFAULT 1);
    INSERT INTO contacts VALUES (1, 'Jane Doe', NULL, NULL, '2024-01-01T10:00:00', '2024-01-01T10:00:00');
    INSERT INTO contacts VALUES (2, 'Marc Lefevre', 'https://www.linkedin.com/in/marc-lefevre/', NULL,
      '2024-01-01T10:00:00', '2024-01-01T10:00:00');
    INSERT INTO birthday_messages (contact_id, contact_name, message_text, sent_at)
      VALUES (1, 'Jane Doe', 'Joyeux anniversaire Jane !', '2025-12-31T23:30:00');
    INSERT INTO birthday_messages (contact_id, contact_name, message_text, sent_at, is_late, days_late)
      VALUES (2, 'Marc Lefevre', 'Avec un peu de retard !', '2025-06-03T09:00:00+00:00', 1, 2);
    INSERT INTO blacklist (contact_name, added_at) VALUES ('Spam Person', '2025-01-01T10:00:00');
    PRAGMA wal_checkpoint(TRUNCATE);
  `);
  handle.close();
}

const LI_AT = "AQEDAcliImportTestCookieValue_0123456789abcdefghijkl";

describe("nudge-server import-v1", () => {
  it("previews with --dry-run, imports, keeps the report, and a second import changes nothing", async () => {
    const dir = tempDir();
    const env = {
      NUDGE_DATA_DIR: join(dir, "data"),
      NUDGE_API_KEY: "",
      NUDGE_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      AUTH_ENCRYPTION_KEY: "",
    };
    const database = join(dir, "linkedin.db");
    await originalDatabase(database);
    const fernetKey = Fernet.generateKey();
    writeFileSync(join(dir, "fernet.key"), `${fernetKey}\n`);
    const state = {
      cookies: [{ name: "li_at", value: LI_AT, domain: ".www.linkedin.com", path: "/", expires: -1 }],
      origins: [],
    };
    writeFileSync(join(dir, "auth_state.json"), Fernet.encrypt(JSON.stringify(state), fernetKey));
    writeFileSync(join(dir, "messages.txt"), "Joyeux anniversaire {name} !\n\nBon anniversaire {name} 🎂\n");
    const files = [
      "--database",
      database,
      "--messages",
      join(dir, "messages.txt"),
      "--auth-state",
      join(dir, "auth_state.json"),
    ];

    const dry = await runMain(["import-v1", ...files, "--fernet-key-file", join(dir, "fernet.key"), "--dry-run"], env);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run: nothing was written.");
    expect(dry.stdout).toMatch(/^birthday_messages\s+2\s+2\s+0\s+0\s+0$/m);
    expect(dry.stdout).toContain("Contacts: 3 would be created, 0 updated, 1 blacklisted.");
    expect(dry.stdout).toContain("line 1: Joyeux anniversaire {first_name} !");
    expect(dry.stdout).toContain("Session (fernet_token): 1 cookies (li_at)");
    expect(dry.stdout).not.toContain(LI_AT);

    const real = await runMain(["import-v1", ...files], { ...env, AUTH_ENCRYPTION_KEY: fernetKey });
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("Contacts: 3 were created, 0 updated, 1 blacklisted.");
    const reportPath = /^Report written to (.+)$/m.exec(real.stdout)![1]!;
    expect(statSync(reportPath).mode & 0o777).toBe(0o600);
    expect(real.stdout).not.toContain(LI_AT);

    const again = await runMain(["import-v1", ...files, "--json"], { ...env, AUTH_ENCRYPTION_KEY: fernetKey });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { changes: Record<string, unknown>; session: { unchanged: boolean } };
    expect(report.changes).toMatchObject({
      contactsCreated: 0,
      birthdayMessages: 0,
      settingsChanged: false,
      sessionStored: false,
    });
    expect(report.session.unchanged).toBe(true);
    expect(readdirSync(join(dir, "data", "imports"))).toHaveLength(2);
  });

  it("refuses an unknown schema version, a wrong Fernet key and a call without files, with one clear line", async () => {
    const dir = tempDir();
    const env = {
      NUDGE_DATA_DIR: join(dir, "data"),
      NUDGE_API_KEY: "",
      NUDGE_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    };
    const database = join(dir, "linkedin.db");
    await originalDatabase(database, 7);
    const unknown = await runMain(["import-v1", "--database", database], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(
      /^nudge-server: schema version 7 of the original bot is not one this import knows/,
    );

    writeFileSync(join(dir, "auth_state.json"), Fernet.encrypt('{"cookies":[]}', Fernet.generateKey()));
    const wrongKey = await runMain(["import-v1", "--auth-state", join(dir, "auth_state.json")], {
      ...env,
      AUTH_ENCRYPTION_KEY: Fernet.generateKey(),
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr.trim()).toMatch(/could not be decrypted with the given Fernet key/);

    const none = await runMain(["import-v1"], env);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toMatch(/needs at least one of --database/);
  });
});
