import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
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
}

export interface DatabaseHandle {
  db: Database;
  client: Client;
  /** The URL without credentials, safe to log. */
  url: string;
  kind: "file" | "memory" | "remote";
  close(): void;
}

export function databaseKind(url: string): DatabaseHandle["kind"] {
  if (url === ":memory:" || url === "file::memory:" || url.startsWith("file::memory:")) return "memory";
  if (url.startsWith("file:")) return "file";
  if (/^(libsql|https?|wss?):\/\//.test(url)) return "remote";
  throw new Error(`unsupported database URL scheme (expected file:, :memory:, libsql://, http(s)://): ${redactUrl(url)}`);
}

/** Strips user info and query parameters (tokens) from a URL before it reaches a log line. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@").replace(/\?.*$/, "");
}

/**
 * Opens a database. Local files get WAL (readers never block the writer) and a busy timeout on
 * every pooled connection (libsql applies `timeout` per connection), so several processes can
 * share one file; remote URLs are passed through to libsql's HTTP/WebSocket client.
 */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const kind = databaseKind(options.url);
  if (kind === "file") {
    const path = options.url.startsWith("file://") ? fileURLToPath(options.url) : options.url.slice("file:".length);
    mkdirSync(dirname(path), { recursive: true });
  }
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
  const db = drizzle(client, { schema });
  let closed = false;
  return {
    db,
    client,
    url: redactUrl(options.url),
    kind,
    close() {
      if (closed) return;
      closed = true;
      client.close();
    },
  };
}
