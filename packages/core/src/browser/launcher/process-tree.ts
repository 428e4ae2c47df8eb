import { readFileSync, readdirSync } from "node:fs";

/**
 * Just enough of /proc to find and kill one browser's processes, and nobody else's. Linux only;
 * elsewhere every function returns nothing and the launcher relies on Playwright's own close.
 */

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** One-letter state from /proc/<pid>/stat (Z = zombie). */
  state: string;
  /** Resident set size in bytes. */
  rssBytes: number;
}

const PAGE_SIZE = 4096;

export function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), state: fields[0] ?? "?", rssBytes: Number(fields[21] ?? 0) * PAGE_SIZE };
  } catch {
    return null;
  }
}

/**
 * Proportional set size: resident memory with shared pages divided among the processes sharing
 * them. Summing RSS over Chromium's processes counts its shared code once per process; summing
 * PSS does not. Null when /proc/<pid>/smaps_rollup is not readable.
 */
export function readPssBytes(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function listProcesses(): ProcessInfo[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const out: ProcessInfo[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcess(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** True when `pid` exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== null && info.state !== "Z" && info.state !== "X";
}

/** `root` and every process below it, at this instant. */
export function processTree(root: number, processes: ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of processes) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const rootInfo = processes.find((p) => p.pid === root);
  const out: ProcessInfo[] = rootInfo ? [rootInfo] : [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Whether the process's environment holds `NAME=value` (our launch marker). */
export function hasEnvironmentEntry(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(entry);
  } catch {
    return false;
  }
}

/** Processes whose environment holds `entry`: the browser and helpers it spawns directly (crashpad). */
export function processesWithEnvironmentEntry(
  entry: string,
  processes: ProcessInfo[] = listProcesses(),
): ProcessInfo[] {
  return processes.filter((p) => p.state !== "Z" && hasEnvironmentEntry(p.pid, entry));
}

export function signal(pids: Iterable<number>, sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}
