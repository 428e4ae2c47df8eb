import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RunningSimulator, ScenarioInput } from "@nudge/linkedin-sim";
import { parseEnv } from "../env.js";
import { startServer, type RunningServer } from "../runtime.js";
import type { Command } from "./command.js";

const DEMO_COOKIE = "AQEDAdemoSimulatedLinkedInSessionCookie0123456789";
const CALLER = { by: "demo" };

/**
 * A dozen birthdays a newcomer can watch Nudge handle: some today, some late, one too late, an
 * upcoming one, a person who is not a connection, two people with one name, and profiles for
 * sourcing — on LinkedIn's newest layout.
 */
function demoScenario(env: NodeJS.ProcessEnv): ScenarioInput {
  const daysAgo = (n: number) => ({ daysAgo: n });
  return {
    cookie: DEMO_COOKIE,
    // LinkedIn's 2026 markup by default; NUDGE_DEMO_VARIANT=a or b shows the older layouts.
    variant: env.NUDGE_DEMO_VARIANT === "a" || env.NUDGE_DEMO_VARIANT === "b" ? env.NUDGE_DEMO_VARIANT : "c",
    locale: env.NUDGE_DEMO_LOCALE === "fr" ? "fr" : "en",
    timezone: "Europe/Paris",
    birthdays: [
      { name: "Jane Doe", publicId: "jane-doe", when: "today" },
      { name: "Élodie Bernard", publicId: "elodie-bernard", when: "today" },
      { name: "Marie Martin", publicId: "marie-martin", when: "today" },
      { name: "Marie Martin", publicId: "marie-martin-42", when: daysAgo(1) },
      { name: "Marc Lefèvre", publicId: "marc-lefevre", when: daysAgo(1) },
      { name: "Priya Natarajan", publicId: "priya-natarajan", when: daysAgo(3) },
      { name: "Kenji Watanabe", publicId: "kenji-watanabe", when: daysAgo(6) },
      { name: "Ana Souza", publicId: "ana-souza", when: daysAgo(9) },
      { name: "Old Friend", publicId: "old-friend", when: daysAgo(20) },
      { name: "Tom Becker", publicId: "tom-becker", when: "today", connection: false },
      { name: "Sofia Rossi", publicId: "sofia-rossi", when: daysAgo(2), connection: false, offer: "follow" },
      { name: "Lina Haddad", publicId: "lina-haddad", when: "today" },
    ],
  };
}

/** The demo's own encryption key, kept in its data folder so sessions survive a restart. */
function demoEncryptionKey(dataDir: string): string {
  const file = join(dataDir, "demo-encryption-key.txt");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("base64");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export interface Demo {
  /** The running server, serving the API and the panel. */
  running: RunningServer;
  /** The simulated LinkedIn behind it. */
  sim: RunningSimulator;
  dataDir: string;
  /** The first birthday run, when one was queued. */
  runId: number | null;
  sessionCheck: string;
  stop(reason?: string): Promise<void>;
}

/**
 * Nudge against a local LinkedIn simulator, with a seeded scenario, its session uploaded, pacing
 * near zero and working hours all day, and (unless told otherwise) a first birthday run queued.
 * The `demo` command runs it; the panel's screenshots, browser tests and benchmark start it in
 * process. `env` adds to (and overrides) the process environment.
 */
export async function startDemo(options: { env?: NodeJS.ProcessEnv; queueFirstRun?: boolean } = {}): Promise<Demo> {
  const source = { ...process.env, ...options.env };
  // The simulator is only needed here: loaded on demand, never by `serve`.
  const { startSimulator } = await import("@nudge/linkedin-sim");
  const sim = await startSimulator({ port: 0, host: "127.0.0.1", scenario: demoScenario(source) });
  const dataDir = resolve(source.NUDGE_DATA_DIR ?? "./data-demo");
  let running: RunningServer;
  try {
    const env = parseEnv({
      ...source,
      NUDGE_DATA_DIR: dataDir,
      DATABASE_URL: source.DATABASE_URL ?? `file:${join(dataDir, "nudge.db")}`,
      LINKEDIN_BASE_URL: sim.url,
      NUDGE_ENCRYPTION_KEY: source.NUDGE_ENCRYPTION_KEY ?? demoEncryptionKey(dataDir),
    });
    running = await startServer(env);
  } catch (error) {
    await sim.close();
    throw error;
  }
  const { nudge, log } = running.runtime;
  await nudge.settings.update(
    1,
    {
      patch: {
        pacing: {
          birthdayDelaySeconds: { min: 1, max: 2 },
          visitOnProfileSeconds: { min: 1, max: 2 },
          visitBetweenProfilesSeconds: { min: 0, max: 1 },
          typingDelayMs: { min: 5, max: 15 },
          idleActivityChance: 0,
        },
        workingHours: { start: "00:00", end: "24:00" },
      },
      account: { name: "Demo (simulated LinkedIn)", timezone: "Europe/Paris" },
    },
    CALLER,
  );
  const upload = await nudge.sessions.upload(1, DEMO_COOKIE, { check: true }, CALLER);
  let runId: number | null = null;
  if (options.queueFirstRun !== false) {
    try {
      runId = (await nudge.runs.start({ accountId: 1, kind: "birthday", dryRun: false, trigger: "manual" }, CALLER)).id;
    } catch (error) {
      log.warn({ err: error }, "demo: the first birthday run was not started");
    }
  }
  return {
    running,
    sim,
    dataDir,
    runId,
    sessionCheck: upload.check && "status" in upload.check ? upload.check.status : JSON.stringify(upload.check),
    async stop(reason = "demo stopped") {
      await running.shutdown(reason);
      await sim.close();
    },
  };
}

/**
 * `nudge-server demo`: the demo above, in the foreground — a full run within a minute, without a
 * LinkedIn account. Its data lives apart (`./data-demo` unless NUDGE_DATA_DIR says otherwise).
 */
export const demoCommand: Command = {
  usage:
    "  demo                               start against a local LinkedIn simulator with demo data (no account needed)",
  async run() {
    const demo = await startDemo();
    const { running, sim, dataDir, runId, sessionCheck } = demo;
    process.stderr.write(
      [
        "",
        `Nudge demo: ${running.url}  (simulated LinkedIn at ${sim.url}; data in ${dataDir})`,
        `  session check: ${sessionCheck}`,
        runId ? `  birthday run #${runId} started; watch it with:` : "  start a birthday run with:",
        `    NUDGE_URL=${running.url} NUDGE_API_KEY=<the admin key> node packages/client/dist/cli.js ${runId ? `runs show ${runId} --follow` : "run birthday --follow"}`,
        `  what the simulator received: ${sim.url}/__sim/state`,
        "",
      ].join("\n"),
    );
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      demo.stop(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  },
};
