import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/**
 * Every `nudge-server serve` process leaves a file in `<data dir>/run/` while it runs (several
 * processes may share one database file), so that `restore` can refuse to swap the database
 * under a running server. A file is removed when its server stops; one left by a crash is
 * recognised as stale when its process is gone.
 */
interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

const runDir = (dataDir: string) => join(dataDir, "run");

/** Records this process as a server of `dataDir`; the returned function removes the record. */
export function holdDataDir(dataDir: string): () => void {
  const holder: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  mkdirSync(runDir(dataDir), { recursive: true, mode: 0o700 });
  const file = join(runDir(dataDir), `server-${holder.host}-${holder.pid}.json`);
  writeFileSync(file, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    rmSync(file, { force: true });
  };
  // A server that exits without its shutdown path (an uncaught error) still clears its record.
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DataDirUser {
  file: string;
  pid: number;
  host: string;
  /** False for a server on another host or container: its liveness cannot be checked from here. */
  checkable: boolean;
}

/**
 * Servers that may be using `dataDir` now. Records of processes on this host that are gone are
 * deleted on the way (a crashed server's leftovers).
 */
export function dataDirUsers(dataDir: string): DataDirUser[] {
  let files: string[];
  try {
    files = readdirSync(runDir(dataDir)).filter((f) => f.startsWith("server-") && f.endsWith(".json"));
  } catch {
    return [];
  }
  const users: DataDirUser[] = [];
  for (const name of files) {
    const file = join(runDir(dataDir), name);
    let holder: Holder;
    try {
      holder = JSON.parse(readFileSync(file, "utf8")) as Holder;
    } catch {
      continue;
    }
    const local = holder.host === hostname();
    if (local && (holder.pid === process.pid || !isAlive(holder.pid))) {
      if (holder.pid !== process.pid) rmSync(file, { force: true });
      continue;
    }
    users.push({ file, pid: holder.pid, host: holder.host, checkable: local });
  }
  return users;
}
