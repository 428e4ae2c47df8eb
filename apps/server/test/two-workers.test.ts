import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNudge, isFinalStatus, parseEncryptionKey, type Nudge } from "@nudge/core";
import { campaignRuns, createDatabase, runMigrations, type DatabaseHandle } from "@nudge/db";
import { startSimulator, type RunningSimulator } from "@nudge/linkedin-sim";
import { freePort, startRedisServer, waitFor, type RedisServer, INSTANT_SETTINGS } from "@nudge/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENCRYPTION_KEY, startServerProcess, type ServerProcess } from "./harness.js";

const COOKIE = "AQEDAtwoWorkersSimulatedCookie0123456789abcdXYZ";
const CALLER = { by: "two workers test" };
const DAILY_LIMIT = 3;
const BACKLOG = 4;

let sim: RunningSimulator;
let redis: RedisServer;
beforeAll(async () => {
  sim = await startSimulator({
    port: await freePort(),
    scenario: {
      cookie: COOKIE,
      birthdays: Array.from({ length: 10 }, (_, i) => ({
        name: `Pal ${i} Two`,
        publicId: `pal-${i}-two`,
        when: "today" as const,
      })),
    },
  });
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  await sim?.close();
});

async function sentTo(): Promise<string[]> {
  const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { sent: { to: string }[] };
  return state.sent.map((m) => m.to);
}

describe.each([
  { backend: "the database", redis: false },
  { backend: "Redis", redis: true },
])("two worker processes on one account, coordinated through $backend", ({ redis: withRedis }) => {
  it(
    "never execute two runs at once and never send more than the daily limit together",
    { timeout: 300_000 },
    async () => {
      await fetch(`${sim.url}/__sim/scenario`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          cookie: COOKIE,
          birthdays: Array.from({ length: 10 }, (_, i) => ({
            name: `Pal ${i} Two`,
            publicId: `pal-${i}-two`,
            when: "today",
          })),
        }),
      });
      const dataDir = mkdtempSync(join(tmpdir(), "nudge-two-workers-"));
      const database: DatabaseHandle = await createDatabase({ url: `file:${join(dataDir, "nudge.db")}` });
      await runMigrations(database.db);
      const nudge: Nudge = await createNudge({
        db: database.db,
        log: pino({ level: "silent" }),
        dataDir,
        encryptionKeys: [parseEncryptionKey(ENCRYPTION_KEY)],
      });
      const workers: ServerProcess[] = [];
      try {
        await nudge.settings.update(
          1,
          {
            patch: {
              ...INSTANT_SETTINGS,
              quotas: { birthday_message: { perDay: DAILY_LIMIT, perWeek: 100, perRun: 100 } },
            },
          },
          CALLER,
        );
        await nudge.sessions.upload(1, COOKIE, { check: false }, CALLER);
        // A backlog of queued runs for one account (as a scheduler catching up and a person's
        // click could leave): written straight into the queue, so both workers have work to race for.
        const now = new Date();
        await database.writer.transaction((tx) =>
          tx.insert(campaignRuns).values(
            Array.from({ length: BACKLOG }, (_, i) => ({
              accountId: 1,
              kind: "birthday" as const,
              trigger: "api" as const,
              createdAt: new Date(now.getTime() + i),
            })),
          ),
        );
        const env = {
          ROLE: "worker",
          NUDGE_DATA_DIR: dataDir,
          LINKEDIN_BASE_URL: sim.url,
          WORKER_CONCURRENCY: "2",
          ...(withRedis ? { REDIS_URL: redis.url } : {}),
        };
        workers.push(startServerProcess(env), startServerProcess(env));
        const runs = await waitFor(
          async () => {
            const rows = await database.db.select().from(campaignRuns);
            return rows.length === BACKLOG && rows.every((r) => isFinalStatus(r.status)) ? rows : null;
          },
          { timeoutMs: 240_000, intervalMs: 250, what: "the backlog to drain" },
        );
        // One at a time: no two runs' executions overlap.
        const spans = runs
          .map((r) => ({ start: r.startedAt!.getTime(), end: r.finishedAt!.getTime() }))
          .sort((a, b) => a.start - b.start);
        for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
        // Together, within the daily limit, and nobody twice.
        const recipients = await sentTo();
        expect(recipients).toHaveLength(DAILY_LIMIT);
        expect(new Set(recipients).size).toBe(DAILY_LIMIT);
        const overview = await nudge.accounts.overview(1);
        const day = overview.actions
          .find((a) => a.action === "birthday_message")!
          .windows.find((w) => w.window === "day")!;
        expect(day.used).toBe(DAILY_LIMIT);
      } finally {
        for (const w of workers) w.child.kill("SIGTERM");
        await Promise.all(workers.map((w) => w.exited));
        await nudge.close();
        database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
