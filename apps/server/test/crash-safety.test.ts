import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNudge, isFinalStatus, parseEncryptionKey, type Nudge } from "@nudge/core";
import { contacts, createDatabase, interactions, runMigrations, type DatabaseHandle } from "@nudge/db";
import { startSimulator, type RunningSimulator } from "@nudge/linkedin-sim";
import { freePort, waitFor, INSTANT_SETTINGS } from "@nudge/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENCRYPTION_KEY, startServerProcess } from "./harness.js";

const COOKIE = "AQEDAcrashSafetySimulatedCookie0123456789abcXYZ";
const PEOPLE = 20;
const KILLS = 20;
const CALLER = { by: "crash test" };

let sim: RunningSimulator;
let dataDir: string;
let database: DatabaseHandle;
let nudge: Nudge;

beforeAll(async () => {
  sim = await startSimulator({
    port: await freePort(),
    scenario: {
      cookie: COOKIE,
      birthdays: Array.from({ length: PEOPLE }, (_, i) => ({
        name: `Person ${i} Crash`,
        publicId: `person-${i}-crash`,
        when: "today" as const,
      })),
    },
  });
  dataDir = mkdtempSync(join(tmpdir(), "nudge-crash-"));
  database = await createDatabase({ url: `file:${join(dataDir, "nudge.db")}` });
  await runMigrations(database.db);
  // The test's own view of the domain: it queues runs and reads results, it never executes one.
  nudge = await createNudge({
    db: database.db,
    log: pino({ level: "silent" }),
    dataDir,
    encryptionKeys: [parseEncryptionKey(ENCRYPTION_KEY)],
  });
  await nudge.settings.update(
    1,
    {
      patch: {
        ...INSTANT_SETTINGS,
        quotas: { birthday_message: { perDay: 100, perWeek: 500, perRun: 100 } },
      },
    },
    CALLER,
  );
  await nudge.sessions.upload(1, COOKIE, { check: false }, CALLER);
});

afterAll(async () => {
  await nudge?.close();
  database?.close();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A real worker process (`nudge-server serve` with ROLE=worker) on the shared database file. */
const startWorker = () =>
  startServerProcess({ ROLE: "worker", NUDGE_DATA_DIR: dataDir, LINKEDIN_BASE_URL: sim.url, RUN_LEASE_MS: "2000" });

async function simState(): Promise<{ sent: { to: string; text: string }[]; requests: number }> {
  return (await (await fetch(`${sim.url}/__sim/state`)).json()) as {
    sent: { to: string; text: string }[];
    requests: number;
  };
}

const sent = async () => (await simState()).sent;

/** Chromium processes started by Nudge's launcher (they carry its marker in their environment). */
function nudgeBrowsers(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8");
      if (environ.includes("NUDGE_BROWSER_ID=") && environ.includes(`LINKEDIN_BASE_URL=${sim.url}`))
        pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Queues a birthday run unless one is still queued or executing (an interrupted run is over). */
async function ensureRunQueued(): Promise<void> {
  const active = (await nudge.runs.list({ accountId: 1, limit: 5 })).items.some((r) => !isFinalStatus(r.status));
  if (!active) await nudge.runs.start({ accountId: 1, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
}

describe("crash safety", () => {
  it(
    `never sends a message twice when a worker is killed with SIGKILL ${KILLS} times mid-run`,
    { timeout: 900_000 },
    async () => {
      let random = 0x2545f491;
      const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let kill = 0; kill < KILLS && (await sent()).length < PEOPLE; kill++) {
        const requests = (await simState()).requests;
        const worker = startWorker();
        // Once the worker is at work on LinkedIn's pages, a random point of the run: scanning,
        // opening a composer, typing, clicking Send, verifying, recording.
        await waitFor(
          async () => {
            await ensureRunQueued();
            return (await simState()).requests > requests;
          },
          { timeoutMs: 60_000, intervalMs: 100, what: "the worker to open a page" },
        );
        await new Promise((resolve) => setTimeout(resolve, next() * 2_500));
        worker.child.kill("SIGKILL");
        await worker.exited;
      }
      // Restart for good: interrupted runs are taken back, the last run finishes the job.
      const worker = startWorker();
      try {
        await waitFor(
          async () => {
            const latest = (await nudge.runs.list({ accountId: 1, limit: 1 })).items[0];
            if (latest && !isFinalStatus(latest.status)) return null; // still going
            if (latest?.status === "succeeded" && latest.counters.eligible === undefined) return latest;
            await ensureRunQueued();
            return null;
          },
          { timeoutMs: 300_000, intervalMs: 500, what: "a final run that finds nobody left to wish" },
        );
      } finally {
        worker.child.kill("SIGTERM");
        await worker.exited;
      }

      const messages = await sent();
      const recipients = messages.map((m) => m.to);
      expect(new Set(recipients).size).toBe(recipients.length); // no duplicates
      const rows = await database.db.select().from(interactions);
      const people = await database.db.select().from(contacts);
      for (const message of messages) {
        const person = people.find((p) => p.publicId === message.to)!;
        const holding = rows.filter(
          (r) => r.contactId === person.id && (r.status === "sent" || r.status === "unknown"),
        );
        expect(holding, `the interaction of ${message.to}`).toHaveLength(1);
      }
      // Everyone got a wish, or is held back as "unknown" (it may have gone; never resent).
      const settled = new Set(
        rows.filter((r) => r.status === "sent" || r.status === "unknown").map((r) => r.contactId),
      );
      expect(settled.size).toBe(PEOPLE);
      expect(rows.filter((r) => r.status === "pending")).toEqual([]);
      await waitFor(() => nudgeBrowsers().length === 0, { timeoutMs: 10_000, what: "no Chromium left over" });
    },
  );
});
