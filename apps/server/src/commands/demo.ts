import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ScenarioInput } from "@nudge/linkedin-sim";
import { parseEnv } from "../env.js";
import { startServer } from "../runtime.js";
import type { Command } from "./command.js";

const DEMO_COOKIE = "AQEDAdemoSimulatedLinkedInSessionCookie0123456789";
const CALLER = { by: "demo" };

/**
 * A dozen birthdays a newcomer can watch Nudge handle: some today, some late, one too late, an
 * upcoming one, a person who is not a connection, two people with one name, and profiles for
 * sourcing — on LinkedIn's newest layout.
 */
function demoScenario(): ScenarioInput {
  const daysAgo = (n: number) => ({ daysAgo: n });
  return {
    cookie: DEMO_COOKIE,
    variant:
      process.env.NUDGE_DEMO_VARIANT === "a" || process.env.NUDGE_DEMO_VARIANT === "c"
        ? process.env.NUDGE_DEMO_VARIANT
        : "b",
    locale: process.env.NUDGE_DEMO_LOCALE === "fr" ? "fr" : "en",
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
  } as ScenarioInput;
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

/**
 * `nudge-server demo`: Nudge against a local LinkedIn simulator, with a seeded scenario, its
 * session uploaded, pacing near zero and working hours all day, and a first birthday run
 * queued — a full run within a minute, without a LinkedIn account. Its data lives apart
 * (`./data-demo` unless NUDGE_DATA_DIR says otherwise).
 */
export const demoCommand: Command = {
  usage:
    "  demo                               start against a local LinkedIn simulator with demo data (no account needed)",
  async run() {
    // The simulator is only needed here: loaded on demand, never by `serve`.
    const { startSimulator } = await import("@nudge/linkedin-sim");
    const sim = await startSimulator({ port: 0, host: "127.0.0.1", scenario: demoScenario() });
    const dataDir = resolve(process.env.NUDGE_DATA_DIR ?? "./data-demo");
    const env = parseEnv({
      ...process.env,
      NUDGE_DATA_DIR: dataDir,
      DATABASE_URL: process.env.DATABASE_URL ?? `file:${join(dataDir, "nudge.db")}`,
      LINKEDIN_BASE_URL: sim.url,
      NUDGE_ENCRYPTION_KEY: process.env.NUDGE_ENCRYPTION_KEY ?? demoEncryptionKey(dataDir),
    });
    const running = await startServer(env);
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
    try {
      runId = (await nudge.runs.start({ accountId: 1, kind: "birthday", dryRun: false, trigger: "manual" }, CALLER)).id;
    } catch (error) {
      log.warn({ err: error }, "demo: the first birthday run was not started");
    }
    process.stderr.write(
      [
        "",
        `Nudge demo: ${running.url}  (simulated LinkedIn at ${sim.url}; data in ${dataDir})`,
        `  session check: ${upload.check && "status" in upload.check ? upload.check.status : JSON.stringify(upload.check)}`,
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
      running
        .shutdown(signal)
        .then(() => sim.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  },
};
