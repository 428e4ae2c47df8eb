// What bench/campaign.ts and bench/soak.ts share: the simulator in a process of its own (it stands
// in for LinkedIn, so its memory is not Nudge's), a real Nudge server process (bench/_server.mjs)
// driven through the typed client, and /proc readings of the server and every Chromium process
// it started. The server's environment carries a marker that Chromium inherits (the launcher passes
// the server's environment on), so a browser process is found even after it was re-parented.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient, type NudgeClient, type RouterInputs, type RouterOutputs } from "@nudge/client";
import { listProcesses, processTree, readPssBytes, type ProcessInfo } from "@nudge/core";
import type { ScenarioInput } from "@nudge/linkedin-sim";
import { freePort, waitFor, INSTANT_SETTINGS } from "@nudge/testing";

export const COOKIE = "AQEDAbenchCampaignSimulatedCookie0123456789abcdef";
export const TIMEZONE = "Europe/Paris";
const ADMIN_KEY = "nudge_bench_admin_key_0123456789";
const ENCRYPTION_KEY = "q4Hk0y5Vn6rW1xT8mJ3pL9sD2fG7hK0aZ5cX8vB1nM4=";
const MB = 1024 * 1024;
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const TSX = ["--import", "tsx", "--conditions=@nudge/source"];

/** Positional arguments, and whether `--source` asked for the server from the sources (tsx). */
export const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
export const fromSource = process.argv.includes("--source");

/**
 * How the server process starts. By default as `nudge-server` runs in production: the built
 * packages (dist/, built here through turbo, which rebuilds only what changed) and the V8 flags
 * of apps/server/bin/nudge-server. With `--source`, from the sources through tsx, whose loader
 * thread and transpiled sources add some 75 MB of RSS that no deployment carries.
 */
let built = false;
function serverCommand(): string[] {
  const script = source("./_server.mjs");
  if (fromSource) return [...TSX, script];
  if (!built) buildServer();
  built = true;
  const bin = readFileSync(source("../apps/server/bin/nudge-server"), "utf8");
  const flags = /exec node (.*?) "\$dir/.exec(bin)?.[1]?.split(" ") ?? [];
  return [...flags, script];
}

function buildServer(): void {
  const build = spawnSync(
    source("../node_modules/.bin/turbo"),
    ["run", "build", "--filter=@nudge/server", "--output-logs=errors-only"],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (build.status !== 0) throw new Error("building the server failed: run `pnpm build` (or pass --source)");
}

/**
 * Processes this bench started, stopped however it ends (an error, Ctrl-C, a closed pipe): the
 * server then closes its own browser; nothing is left behind for the next bench to measure.
 */
const children = new Set<ChildProcess>();
export function ownChild(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
process.once("exit", () => {
  for (const child of children) child.kill("SIGTERM");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(130));

export const mb = (bytes: number) => bytes / MB;
export const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** `count` people whose birthday is today, all connections, named "Person <i> Bench". */
export function birthdaysToday(count: number): NonNullable<ScenarioInput["birthdays"]> {
  return Array.from({ length: count }, (_, i) => ({
    name: `Person ${i} Bench`,
    publicId: `person-${i}`,
    when: "today",
  }));
}

export interface SimState {
  sent: { to: string; text: string }[];
  visits: { publicId: string }[];
  invitations: unknown[];
  honeypotClicks: number;
}

export interface Simulator {
  url: string;
  pid: number;
  /** Resets the simulator to `input` (with the bench's cookie and zone). */
  scenario(input: ScenarioInput): Promise<void>;
  state(): Promise<SimState>;
  stop(): void;
}

export async function startSimulatorProcess(): Promise<Simulator> {
  const port = await freePort();
  const child = ownChild(
    spawn(process.execPath, [...TSX, source("../packages/linkedin-sim/src/main.ts")], {
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/__sim/state`)).ok, { timeoutMs: 30_000, what: "the simulator" });
  return {
    url,
    pid: child.pid ?? -1,
    async scenario(input) {
      const response = await fetch(`${url}/__sim/scenario`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cookie: COOKIE, timezone: TIMEZONE, ...input }),
      });
      if (!response.ok) throw new Error(`simulator scenario refused: ${await response.text()}`);
    },
    async state() {
      return (await (await fetch(`${url}/__sim/state`)).json()) as SimState;
    },
    stop: () => void child.kill("SIGTERM"),
  };
}

export type Run = RouterOutputs["campaigns"]["runs"]["get"];
export type SourcingCriteria = NonNullable<RouterInputs["campaigns"]["startSourcing"]["criteria"]>;

export interface BenchServer {
  url: string;
  pid: number;
  client: NudgeClient;
  /** The server process and every live process it started (Chromium's whole tree). */
  processes(): ProcessInfo[];
  /** Live Chromium processes started by this server (the server itself excluded). */
  browserProcesses(): ProcessInfo[];
  /** Proportional set size of `processes()` by kind ("server", Chromium's process types), in bytes. */
  pss(): Map<string, number>;
  /** The server's RSS and heap after two full garbage collections. */
  settledMemory(): Promise<{ rss: number; heapUsed: number; external: number; collected: boolean }>;
  /** A new account with its session uploaded, pacing 0, working hours all day, quotas out of the way. */
  account(name: string, locale?: "en" | "fr"): Promise<number>;
  /** Starts a birthday run and waits for its end; `wallMs` from the request to the end seen. */
  birthdayRun(accountId: number, dryRun: boolean): Promise<{ run: Run; wallMs: number }>;
  /** Starts a sourcing run on inline `criteria` and waits for its end, timed the same way. */
  sourcingRun(accountId: number, criteria: SourcingCriteria, dryRun: boolean): Promise<{ run: Run; wallMs: number }>;
  stop(): Promise<void>;
}

/** A real server process (bench/_server.mjs) against `sim`, driving `chromiumPath`. */
export async function startBenchServer(sim: Simulator, chromiumPath: string): Promise<BenchServer> {
  const [port, probePort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "nudge-bench-"));
  const marker = `NUDGE_BENCH_STACK=${randomUUID()}`;
  const child = spawn(process.execPath, ["--expose-gc", ...serverCommand()], {
    env: {
      ...process.env,
      [marker.split("=")[0] as string]: marker.split("=")[1],
      PORT: String(port),
      HOST: "127.0.0.1",
      PROBE_PORT: String(probePort),
      NUDGE_DATA_DIR: dataDir,
      NUDGE_API_KEY: ADMIN_KEY,
      NUDGE_ENCRYPTION_KEY: ENCRYPTION_KEY,
      LINKEDIN_BASE_URL: sim.url,
      CHROMIUM_PATH: chromiumPath,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  ownChild(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => (line.startsWith("ready ") ? resolve(line.slice(6)) : undefined));
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code} before it was ready`)));
  });
  const url = await ready;
  const pid = child.pid ?? -1;
  const client = createClient({ url, apiKey: ADMIN_KEY });

  const marked = (p: ProcessInfo) => {
    try {
      return readFileSync(`/proc/${p.pid}/environ`, "utf8").split("\0").includes(marker);
    } catch {
      return false;
    }
  };
  const processes = () => {
    const all = listProcesses();
    const found = new Map(processTree(pid, all).map((p) => [p.pid, p]));
    // Re-parented helpers (crashpad) and any browser that outlived its parent's interest.
    for (const p of all) if (!found.has(p.pid) && p.state !== "Z" && marked(p)) found.set(p.pid, p);
    return [...found.values()].filter((p) => p.state !== "Z");
  };

  return {
    url,
    pid,
    client,
    processes,
    browserProcesses: () => processes().filter((p) => p.pid !== pid),
    pss: () => pssByKind(processes(), pid, "server"),
    async settledMemory() {
      const response = await fetch(`http://127.0.0.1:${probePort}/settled-memory`);
      return (await response.json()) as Awaited<ReturnType<BenchServer["settledMemory"]>>;
    },
    async account(name, locale = "en") {
      const { id } = await client.accounts.create.mutate({ name, timezone: TIMEZONE, locale });
      const limits = { perDay: 1000, perWeek: 5000, perRun: 1000 };
      await client.settings.update.mutate({
        accountId: id,
        patch: {
          ...INSTANT_SETTINGS,
          quotas: { birthday_message: limits, profile_visit: limits },
        },
      });
      await client.accounts.uploadSession.mutate({ accountId: id, session: COOKIE, check: false });
      return id;
    },
    birthdayRun: (accountId, dryRun) =>
      untilEnd(client, () => client.campaigns.startBirthday.mutate({ accountId, dryRun })),
    sourcingRun: (accountId, criteria, dryRun) =>
      untilEnd(client, () => client.campaigns.startSourcing.mutate({ accountId, criteria, dryRun })),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a run and polls until it ends; `wallMs` from the start request to the end seen. */
async function untilEnd(
  client: NudgeClient,
  start: () => Promise<{ id: number }>,
): Promise<{ run: Run; wallMs: number }> {
  const begun = process.hrtime.bigint();
  const { id } = await start();
  const run = await waitFor(
    async () => {
      const current = await client.campaigns.runs.get.query({ runId: id });
      return ["succeeded", "failed", "cancelled", "interrupted"].includes(current.status) ? current : null;
    },
    { timeoutMs: 300_000, intervalMs: 50, what: `run ${id}` },
  );
  return { run, wallMs: ms(begun) };
}

/** What a process is: `nodeLabel` for `nodePid`, else Chromium's process type from its switches. */
function kindOf(p: ProcessInfo, nodePid: number, nodeLabel: string): string {
  if (p.pid === nodePid) return nodeLabel;
  let argv: string[];
  try {
    // Chromium rewrites its children's command lines into one space-separated string.
    argv = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split(/[\0 ]/);
  } catch {
    return "gone";
  }
  if (argv[0] === "/bin/sh") return "launcher script";
  if (argv[0]?.endsWith("crashpad_handler")) return "crashpad";
  const utility = argv.find((a) => a.startsWith("--utility-sub-type="))?.split("=")[1];
  return utility?.split(".")[0] ?? argv.find((a) => a.startsWith("--type="))?.slice(7) ?? "browser";
}

/** PSS of `processes` summed by kind (see `kindOf`), in bytes. */
export function pssByKind(processes: ProcessInfo[], nodePid: number, nodeLabel: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of processes) {
    const kind = kindOf(p, nodePid, nodeLabel);
    out.set(kind, (out.get(kind) ?? 0) + (readPssBytes(p.pid) ?? 0));
  }
  return out;
}

/** PSS of `root` (labelled `nodeLabel`) and every process below it, by kind. */
export function pssOfTree(root: number, nodeLabel: string): Map<string, number> {
  const tree = processTree(root).filter((p) => p.state !== "Z");
  return pssByKind(tree, root, nodeLabel);
}

export const total = (byKind: Map<string, number>) => [...byKind.values()].reduce((a, b) => a + b, 0);

/** `byKind` as "kind MB, …", largest first. */
export const breakdown = (byKind: Map<string, number>) =>
  [...byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, bytes]) => `${kind} ${mb(bytes).toFixed(0)}`)
    .join(", ");

/**
 * The peak of the summed PSS `read()` returns, sampled every `everyMs` (smaps_rollup walks page
 * tables: not too often), and the breakdown at that peak.
 */
export function peakSampler(read: () => Map<string, number>, everyMs = 250) {
  let peak = 0;
  let atPeak = new Map<string, number>();
  const sample = () => {
    const now = read();
    if (total(now) > peak) [peak, atPeak] = [total(now), now];
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak, atPeak };
    },
  };
}

export interface TimelineEvent {
  type: string;
  at: number;
}

/** A finished run's events (type and time), read back through the API's event stream. */
export function runTimeline(client: NudgeClient, runId: number): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  return new Promise((resolve, reject) => {
    const subscription = client.campaigns.runs.events.subscribe(
      { runId },
      {
        onData: ({ data }) => {
          events.push({ type: data.type, at: new Date(data.at).getTime() });
          if (data.type === "run.finished") {
            subscription.unsubscribe();
            resolve(events);
          }
        },
        onError: (error) => reject(error instanceof Error ? error : new Error(String(error))),
      },
    );
  });
}
