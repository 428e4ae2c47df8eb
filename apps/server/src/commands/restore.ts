import { copyFileSync, chmodSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseEnv } from "../env.js";
import { UsageError, type Command } from "./command.js";
import { dataDirUsers } from "./data-dir-lock.js";
import { checkDatabaseFile, localDatabasePath } from "./local-database.js";

const SIDE_FILES = ["", "-wal", "-shm"];

/**
 * Replaces the database with a backup. Refused while a server uses the data dir; the backup is
 * copied next to the database and checked there (integrity, migrations) before anything is
 * replaced, and the database it replaces is kept beside it.
 */
export async function restoreDatabase(
  env: { DATABASE_URL: string; NUDGE_DATA_DIR: string },
  backup: string,
): Promise<{ pending: number; previous: string | null }> {
  const database = localDatabasePath(env.DATABASE_URL, "restore");
  const users = dataDirUsers(env.NUDGE_DATA_DIR);
  if (users.length > 0) {
    const who = users
      .map((u) => `pid ${u.pid} on ${u.host}${u.checkable ? "" : " (not checkable from here)"}`)
      .join(", ");
    throw new UsageError(
      `a server is using ${env.NUDGE_DATA_DIR} (${who}): stop it first (if it is gone, remove ${users.map((u) => u.file).join(", ")})`,
    );
  }
  if (!existsSync(backup)) throw new UsageError(`no backup at ${backup}`);
  mkdirSync(dirname(database), { recursive: true, mode: 0o700 });
  const candidate = `${database}.restoring`;
  for (const suffix of SIDE_FILES) rmSync(`${candidate}${suffix}`, { force: true });
  copyFileSync(backup, candidate);
  // A database in WAL mode may keep committed pages in its -wal file: they belong to it.
  if (existsSync(`${backup}-wal`)) copyFileSync(`${backup}-wal`, `${candidate}-wal`);
  chmodSync(candidate, 0o600);
  let status;
  try {
    status = await checkDatabaseFile(candidate, backup);
  } catch (error) {
    for (const suffix of SIDE_FILES) rmSync(`${candidate}${suffix}`, { force: true });
    throw error;
  }
  let previous: string | null = null;
  if (existsSync(database)) {
    previous = `${database}.before-restore-${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}`;
    // The WAL may hold committed pages: it moves with its database.
    for (const suffix of SIDE_FILES)
      if (existsSync(`${database}${suffix}`)) renameSync(`${database}${suffix}`, `${previous}${suffix}`);
  }
  for (const suffix of ["-wal", "-shm"]) {
    if (existsSync(`${candidate}${suffix}`)) renameSync(`${candidate}${suffix}`, `${database}${suffix}`);
  }
  renameSync(candidate, database);
  return { pending: status.pending, previous };
}

export const restoreCommand: Command = {
  usage: "  restore <file>                     replace the database with a backup (the server must be stopped)",
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const [file] = positionals;
    if (positionals.length !== 1 || !file) throw new UsageError("restore needs the backup file");
    const backup = resolve(file);
    const env = parseEnv();
    const { pending, previous } = await restoreDatabase(env, backup);
    const database = localDatabasePath(env.DATABASE_URL, "restore");
    process.stdout.write(`restored ${backup} into ${database} (integrity ok)\n`);
    if (previous) process.stdout.write(`the database it replaced is kept as ${previous}\n`);
    if (pending > 0) process.stdout.write(`${pending} migrations will be applied when the server starts\n`);
  },
};
