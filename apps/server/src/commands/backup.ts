import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createDatabase } from "@nudge/db";
import { parseEnv } from "../env.js";
import { UsageError, type Command } from "./command.js";
import { checkDatabaseFile, localDatabasePath } from "./local-database.js";

const BACKUP_NAME = /^nudge-\d{8}-\d{6}\.db$/;

/** `nudge-20261129-033000.db`, in UTC: sorts by time, one a second. */
function backupName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `nudge-${stamp}.db`;
}

/** Deletes all but the newest `keep` backups of `dir` (only files named like ours), oldest first. */
function prune(dir: string, keep: number): string[] {
  const backups = readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse();
  const removed = backups.slice(keep).reverse();
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

/**
 * An online, consistent copy of the database: `VACUUM INTO` reads one snapshot (WAL readers never
 * wait for writers, and writers go on), writes it compacted into a new file, which is checked
 * before it takes its final name — a plain file copy of a database being written is not a backup.
 */
export async function backupDatabase(databaseUrl: string, target: string): Promise<{ bytes: number; ms: number }> {
  const source = localDatabasePath(databaseUrl, "backup");
  if (!existsSync(source)) throw new UsageError(`no database at ${source} (check NUDGE_DATA_DIR / DATABASE_URL)`);
  if (existsSync(target)) throw new UsageError(`${target} already exists: choose a new name or a folder`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.partial`);
  const started = performance.now();
  const handle = await createDatabase({ url: `file:${source}` });
  try {
    await handle.client.execute({ sql: "VACUUM INTO ?", args: [partial] });
  } finally {
    handle.close();
  }
  try {
    // It holds the encrypted sessions and key digests: owner only, like the database itself.
    chmodSync(partial, 0o600);
    await checkDatabaseFile(partial, target);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
  }
  return { bytes: statSync(target).size, ms: Math.round(performance.now() - started) };
}

export const backupCommand: Command = {
  usage: `  backup <file | folder/> [--keep N]  copy the database while the server runs (into a folder:
                                     nudge-<date>-<time>.db, keeping the newest N there)`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { keep: { type: "string" } },
    });
    const where = positionals[0];
    if (!where || positionals.length > 1) throw new UsageError("backup needs one target: a file or a folder");
    const intoFolder = where.endsWith("/") || (existsSync(where) && statSync(where).isDirectory());
    const keep = values.keep === undefined ? undefined : Number(values.keep);
    if (keep !== undefined && (!Number.isSafeInteger(keep) || keep < 1))
      throw new UsageError("--keep needs a whole number of backups, at least 1");
    if (keep !== undefined && !intoFolder) throw new UsageError("--keep works with a folder target (end it with /)");
    const target = resolve(intoFolder ? join(where, backupName(new Date())) : where);
    const env = parseEnv();
    const { bytes, ms } = await backupDatabase(env.DATABASE_URL, target);
    process.stdout.write(
      `backed up ${localDatabasePath(env.DATABASE_URL, "backup")} to ${target} (${bytes} bytes, integrity ok, ${ms} ms)\n`,
    );
    if (keep !== undefined)
      for (const name of prune(dirname(target), keep)) process.stdout.write(`removed old backup ${name}\n`);
  },
};
