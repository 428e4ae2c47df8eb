import { copyFile, mkdtemp, open, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { firstLine } from "../errors/first-line.js";
import { NudgeError } from "../errors/nudge-error.js";

/**
 * The original bot's SQLite file, opened for reading without ever touching it: the file (and
 * its `-wal`, which holds the last writes of a WAL database) is copied into a private temporary
 * folder and only the copy is opened, so neither its bytes nor its modification time can change.
 *
 * The file may hold V1's tables (what was deployed; versioned by `schema_version`), app_v2's
 * (never deployed, created beside V1's by `create_all`), or both. The two share table names
 * with different columns (`contacts`, `campaigns`, `linkedin_selectors`): whichever shape a
 * table has is the one read.
 */

/** The V1 schema versions this importer knows (`src/core/database.py`, migrations 1–4). */
export const KNOWN_V1_SCHEMA_VERSIONS = [1, 2, 3, 4] as const;

/** The largest database accepted as bytes (an upload); a file given by path has no limit. */
export const MAX_IMPORT_DATABASE_BYTES = 32 * 1024 * 1024;

export type DatabaseInput = { path: string } | { bytes: Uint8Array };

export interface SourceLayout {
  /** `schema_version`'s highest version; null when the file has no V1 tables. */
  v1SchemaVersion: number | null;
  /** Which original wrote the `contacts` table, if there is one. */
  contactsShape: "v1" | "app_v2" | null;
  /** app_v2's unified activity log is present. */
  appV2Interactions: boolean;
  /** Every table with its columns. */
  tables: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface SourceDatabase {
  client: Client;
  layout: SourceLayout;
  bytes: number;
  close(): Promise<void>;
}

const refuse = (message: string, details?: Record<string, unknown>) =>
  new NudgeError("IMPORT_SOURCE_REFUSED", message, details ? { details } : undefined);

const SQLITE_MAGIC = "SQLite format 3\u0000";

/**
 * Checks the 100-byte header: the magic string, and that the file is as long as the header says
 * (when the header's page count is current), so a file cut short in a copy is refused before
 * SQLite reads half of it.
 */
function checkHeader(header: Buffer, size: number): void {
  if (header.length < 100 || header.subarray(0, 16).toString("latin1") !== SQLITE_MAGIC) {
    throw refuse("the database file is not an SQLite database: give the original bot's data/linkedin.db");
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const changeCounter = header.readUInt32BE(24);
  const validFor = header.readUInt32BE(92);
  if (pageCount > 0 && changeCounter === validFor && size < pageSize * pageCount) {
    throw refuse(`the database file is truncated (${size} of ${pageSize * pageCount} bytes): copy it again`, {
      bytes: size,
      expectedBytes: pageSize * pageCount,
    });
  }
}

async function readHeader(path: string): Promise<{ header: Buffer; size: number }> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(100);
    const { bytesRead } = await handle.read(header, 0, 100, 0);
    return { header: header.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function tablesOf(client: Client): Promise<Map<string, Set<string>>> {
  const names = await client.execute(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
  );
  const tables = new Map<string, Set<string>>();
  for (const row of names.rows) {
    const name = String(row[0]);
    const columns = await client.execute({ sql: "select name from pragma_table_info(?)", args: [name] });
    tables.set(name, new Set(columns.rows.map((c) => String(c[0]))));
  }
  return tables;
}

async function v1SchemaVersion(client: Client, tables: Map<string, Set<string>>): Promise<number | null> {
  const columns = tables.get("schema_version");
  if (!columns) return null;
  if (!columns.has("version"))
    throw refuse("the schema_version table has no version column: not the original bot's V1");
  const result = await client.execute("select max(version) from schema_version");
  const version = result.rows[0]?.[0];
  if (version === null || version === undefined) {
    throw refuse("the schema_version table is empty: the original bot never finished creating this database");
  }
  const n = Number(version);
  if (!(KNOWN_V1_SCHEMA_VERSIONS as readonly number[]).includes(n)) {
    throw refuse(
      `schema version ${String(version)} of the original bot is not one this import knows ` +
        `(${KNOWN_V1_SCHEMA_VERSIONS.join(", ")}): nothing was imported`,
      { schemaVersion: n },
    );
  }
  return n;
}

/** Works out which original wrote which table; refuses a file that neither wrote. */
async function detectLayout(client: Client): Promise<SourceLayout> {
  const tables = await tablesOf(client);
  const contacts = tables.get("contacts");
  const contactsShape = contacts?.has("linkedin_url") ? "v1" : contacts?.has("profile_url") ? "app_v2" : null;
  const interactions = tables.get("interactions");
  const appV2Interactions = ["contact_id", "type", "status", "payload"].every((c) => interactions?.has(c) ?? false);
  if (contacts?.has("account_id") || tables.has("accounts")) {
    throw refuse("this is a Nudge database, not the original bot's: nothing to import from it");
  }
  const version = await v1SchemaVersion(client, tables);
  if (version === null && contactsShape === "v1") {
    throw refuse("the file has V1 tables but no schema_version table: its schema version is unknown");
  }
  if (version === null && !appV2Interactions && contactsShape !== "app_v2") {
    throw refuse("no table of the original bot in this file: give its data/linkedin.db");
  }
  if (version !== null && !tables.has("birthday_messages")) {
    throw refuse("the file has a schema_version but no birthday_messages table: not the original bot's V1");
  }
  return { v1SchemaVersion: version, contactsShape, appV2Interactions, tables };
}

/**
 * Copies the file into a private folder and opens the copy. Throws IMPORT_SOURCE_REFUSED for a
 * file that is not SQLite, is truncated or damaged, has an unknown schema version, or holds
 * neither original's tables.
 */
export async function openSourceDatabase(input: DatabaseInput): Promise<SourceDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "nudge-import-v1-"));
  const copy = join(dir, "source.db");
  let client: Client | null = null;
  const cleanup = async () => {
    client?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if ("path" in input) {
      if (!(await fileExists(input.path))) throw refuse(`no database file at ${input.path}`);
      const { header, size } = await readHeader(input.path);
      checkHeader(header, size);
      await copyFile(input.path, copy);
      if (await fileExists(`${input.path}-wal`)) await copyFile(`${input.path}-wal`, `${copy}-wal`);
    } else {
      const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
      if (bytes.length > MAX_IMPORT_DATABASE_BYTES) {
        throw refuse(
          `the uploaded database is larger than ${MAX_IMPORT_DATABASE_BYTES / 1024 / 1024} MB: use the import-v1 command`,
        );
      }
      checkHeader(bytes.subarray(0, 100), bytes.length);
      await writeFile(copy, bytes, { mode: 0o600 });
    }
    const { size } = await stat(copy);
    try {
      client = createClient({ url: `file:${copy}` });
      const check = await client.execute("pragma quick_check");
      const verdict = check.rows.map((r) => String(r[0]));
      if (verdict.length !== 1 || verdict[0] !== "ok") {
        throw refuse(`the database file is damaged (SQLite says: ${verdict[0]?.slice(0, 200) ?? "nothing"})`);
      }
    } catch (error) {
      if (error instanceof NudgeError) throw error;
      throw refuse(`the database file cannot be read as SQLite: ${firstLine(error, 200)}`);
    }
    const layout = await detectLayout(client);
    const opened = client;
    return { client: opened, layout, bytes: size, close: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
