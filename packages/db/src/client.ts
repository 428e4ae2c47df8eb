import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { DatabaseWriter, LOCK_SLICE_MS } from "./database-writer.js";
import { observeClient, type QueryObserver } from "./query-metrics.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** The drizzle database; `$client` is the underlying libsql client (raw transactions, pragmas). */
export type Database = LibSQLDatabase<Schema> & { $client: Client };

export interface DatabaseOptions {
  /** `file:path`, `:memory:`, or a remote libsql URL (`libsql://…`, `http(s)://…`). */
  url: string;
  authToken?: string;
  /** How long a local connection waits for another writer before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** Told of every statement, batch and commit, on every connection of the handle (metrics). */
  observe?: QueryObserver;
}

export interface DatabaseHandle {
  db: Database;
  client: Client;
  /** The process-wide writer of this database (see `DatabaseWriter`); closed with the handle. */
  writer: DatabaseWriter;
  /** The URL without credentials, safe to log. */
  url: string;
  kind: "file" | "memory" | "remote";
  close(): void;
}

export function databaseKind(url: string): DatabaseHandle["kind"] {
  if (url === ":memory:" || url === "file::memory:" || url.startsWith("file::memory:")) return "memory";
  if (url.startsWith("file:")) return "file";
  if (/^(libsql|https?|wss?):\/\//.test(url)) return "remote";
  throw new Error(
    `unsupported database URL scheme (expected file:, :memory:, libsql://, http(s)://): ${redactUrl(url)}`,
  );
}

/** Strips user info and query parameters (tokens) from a URL before it reaches a log line. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@").replace(/\?.*$/, "");
}

/**
 * The database holds the encrypted sessions and the API key digests: only its owner may read
 * it. A folder it creates is 0700; the file is created 0600 (and an existing one narrowed to
 * it), before SQLite opens it: SQLite gives its -wal and -shm files the mode of the database.
 */
function restrictDatabaseFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    closeSync(openSync(path, "a", 0o600));
    return;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

function localPath(url: string): string {
  const path = url.startsWith("file://") ? fileURLToPath(url) : url.slice("file:".length);
  return path.replace(/\?.*$/, "");
}

/**
 * A libsql client. Local files get WAL (readers never block the writer) and a busy timeout on
 * every pooled connection (libsql applies `timeout` per connection), so several processes can
 * share one file; remote URLs are passed through to libsql's HTTP/WebSocket client.
 */
async function openClient(options: DatabaseOptions, kind: DatabaseHandle["kind"]): Promise<Client> {
  if (kind === "file") restrictDatabaseFile(localPath(options.url));
  const client = createClient({
    url: options.url === ":memory:" ? "file::memory:" : options.url,
    authToken: options.authToken,
    timeout: options.busyTimeoutMs ?? 10_000,
    intMode: "number",
  });
  if (kind === "file") {
    // journal_mode is persistent in the file; synchronous=NORMAL is safe with WAL and avoids an
    // fsync per transaction (a crash may lose the last commit, never corrupt the file).
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
  }
  return options.observe ? observeClient(client, options.observe) : client;
}

/** Opens a database, with its writer (whose own connection opens on the first write to a local file). */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const kind = databaseKind(options.url);
  const client = await openClient(options, kind);
  const db = drizzle(client, { schema });
  // Resolved now, not at the first write: the process may have changed its folder by then.
  const ownUrl = kind === "file" ? `file:${resolve(localPath(options.url))}` : null;
  const writer = new DatabaseWriter(db, {
    // Remote clients wait on the network, not the event loop; in memory, nobody else can wait.
    openConnection:
      ownUrl === null
        ? null
        : () => openClient({ url: ownUrl, busyTimeoutMs: LOCK_SLICE_MS, observe: options.observe }, "file"),
  });
  let closed = false;
  return {
    db,
    client,
    writer,
    url: redactUrl(options.url),
    kind,
    close() {
      if (closed) return;
      closed = true;
      writer.close();
      client.close();
    },
  };
}
