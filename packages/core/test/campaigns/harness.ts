import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, INSTANT_SETTINGS, tempDatabase, waitFor, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import {
  createNudge,
  isFinalStatus,
  parseEncryptionKey,
  type Nudge,
  type NudgeDeps,
  type RunView,
  type SettingsPatch,
} from "../../src/index.js";

export const SIM_COOKIE = "AQEDAsimulatedLiAtCookieValue0123456789abcdefXYZ";

/** Pacing near zero and working hours all day: runs take seconds, not hours. */
export const FAST_SETTINGS: SettingsPatch = INSTANT_SETTINGS;

export interface CampaignHarness {
  sim: RunningSimulator;
  db: TempDatabase;
  nudge: Nudge;
  dataDir: string;
  scenario(input: ScenarioInput): Promise<void>;
  simState(): Promise<{
    sent: { to: string; text: string }[];
    invitations: unknown[];
    honeypotClicks: number;
    visits: { publicId: string }[];
  }>;
  /** A fresh account (its own session, settings, quotas and breaker) with fast settings. */
  account(settings?: SettingsPatch, profile?: { timezone?: string; locale?: "en" | "fr" }): Promise<number>;
  /** Starts a run and waits for its end. */
  run(
    accountId: number,
    options?: { dryRun?: boolean; timeoutMs?: number },
  ): Promise<Awaited<ReturnType<Nudge["runs"]["get"]>>>;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  /** Waits for the run to end and returns it with its report. */
  finished(runId: number, timeoutMs?: number): Promise<Awaited<ReturnType<Nudge["runs"]["get"]>>>;
  close(): Promise<void>;
}

export const CALLER = { by: "test" };

/** A simulator, a temp database and the real domain with a started worker, against real Chromium. */
export async function startCampaignHarness(
  options: { nudge?: Partial<NudgeDeps>; settings?: SettingsPatch } = {},
): Promise<CampaignHarness> {
  const sim = await startSimulator({ port: await freePort(), scenario: { cookie: SIM_COOKIE, birthdays: [] } });
  const db = await tempDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "nudge-campaign-"));
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const nudge = await createNudge({
    db: db.db,
    log,
    dataDir,
    linkedinBaseUrl: sim.url,
    encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("hex"))],
    chromiumPath: chromiumPath(),
    worker: { pollMs: 200, leaseMs: 10_000 },
    ...options.nudge,
  });
  await nudge.settings.update(1, { patch: { ...FAST_SETTINGS, ...options.settings } }, CALLER);
  await nudge.sessions.upload(1, SIM_COOKIE, { check: false }, CALLER);
  await nudge.startBackground({ worker: true });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  };
  let accounts = 0;
  const harness: CampaignHarness = {
    sim,
    db,
    nudge,
    dataDir,
    async account(settings, profile) {
      const account = await nudge.accounts.create({ name: `test account ${++accounts}`, ...profile }, CALLER);
      await nudge.settings.update(account.id, { patch: FAST_SETTINGS }, CALLER);
      if (settings) await nudge.settings.update(account.id, { patch: settings }, CALLER);
      await nudge.sessions.upload(account.id, SIM_COOKIE, { check: false }, CALLER);
      return account.id;
    },
    async run(accountId, runOptions = {}) {
      const run = await nudge.runs.start(
        { accountId, kind: "birthday", dryRun: runOptions.dryRun ?? false, trigger: "api" },
        CALLER,
      );
      return harness.finished(run.id, runOptions.timeoutMs);
    },
    setFaults: (faults) => post("/__sim/faults", faults),
    scenario: (input) => post("/__sim/scenario", { cookie: SIM_COOKIE, ...input }),
    simState: async () => (await (await fetch(`${sim.url}/__sim/state`)).json()) as never,
    async finished(runId, timeoutMs = 90_000) {
      let run: RunView | undefined;
      await waitFor(
        async () => {
          run = await nudge.runs.get(runId);
          return isFinalStatus(run.status);
        },
        { timeoutMs, what: `run ${runId} to finish` },
      );
      return nudge.runs.get(runId);
    },
    async close() {
      await nudge.close();
      await sim.close();
      db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
