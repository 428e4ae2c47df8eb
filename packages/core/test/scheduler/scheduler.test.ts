import { accounts, campaignRuns, scheduleFires } from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import pino from "pino";
import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNudge, DbCoordinator, jitterMs, ManualClock, parseEncryptionKey, type Nudge } from "../../src/index.js";

const KEY = parseEncryptionKey("11".repeat(32));
const CALLER = { by: "test" };
let db: TempDatabase;
let clock: ManualClock;
let coordinator: DbCoordinator;
let registry: Registry;
const domains: Nudge[] = [];

async function domain(): Promise<Nudge> {
  const nudge = await createNudge({
    db: db.db,
    log: pino({ level: "silent" }),
    clock,
    coordinator,
    registry,
    dataDir: db.dir,
    encryptionKeys: [KEY],
  });
  domains.push(nudge);
  return nudge;
}

beforeEach(async () => {
  db = await tempDatabase();
  // Sunday 2026-11-29 in Paris (UTC+1): 09:30 Paris is 08:30Z.
  clock = new ManualClock("2026-11-29T07:00:00Z");
  coordinator = new DbCoordinator({ db: db.db, clock });
  registry = new Registry();
  const nudge = await domain();
  // Installed this morning: earlier fires are not the scheduler's to judge.
  await db.db.update(accounts).set({ createdAt: new Date("2026-11-29T00:00:00Z") });
  await nudge.settings.update(1, { patch: { schedules: { jitterMinutes: 0 } } }, CALLER);
  await nudge.sessions.upload(1, "AQEDAschedulerTestCookie0123456789abcdefXYZ", { check: false }, CALLER);
});
afterEach(async () => {
  for (const nudge of domains.splice(0)) await nudge.close();
  await coordinator.close();
  db.destroy();
});

const runs = () => db.db.select().from(campaignRuns);
const fires = () => db.db.select().from(scheduleFires);
const missedCount = async () =>
  (await registry.getSingleMetricAsString("nudge_scheduled_runs_missed_total")).match(/ (\d+)$/m)?.[1];

describe("the scheduler", () => {
  it("queues the daily birthday run once at 09:30 in the account's zone, whatever the number of schedulers", async () => {
    const [a, b] = [domains[0]!, await domain()];
    clock.set("2026-11-29T08:29:00Z");
    await a.scheduler.tick();
    await b.scheduler.tick();
    expect(await runs()).toHaveLength(0);
    clock.set("2026-11-29T08:30:10Z");
    await a.scheduler.tick();
    await b.scheduler.tick();
    await a.scheduler.tick();
    expect(a.scheduler.isLeader).not.toBe(b.scheduler.isLeader);
    const queued = await runs();
    expect(queued).toEqual([expect.objectContaining({ kind: "birthday", trigger: "schedule", status: "queued" })]);
    expect(await fires()).toEqual([
      expect.objectContaining({ outcome: "enqueued", runId: queued[0]!.id, fireAt: new Date("2026-11-29T08:30:00Z") }),
    ]);
    const view = await a.schedules.get(1);
    expect(view.schedules.find((s) => s.kind === "birthday")!.next[0]).toEqual(new Date("2026-11-30T08:30:00Z"));
  });

  it("starts nothing for a fire outside working hours, and says so", async () => {
    const nudge = domains[0]!;
    await nudge.schedules.update(1, { birthday: { cron: "0 6 * * *" } }, CALLER);
    clock.set("2026-11-29T05:00:30Z"); // 06:00:30 in Paris, before 07:00
    await nudge.scheduler.tick();
    expect(await runs()).toHaveLength(0);
    expect(await fires()).toEqual([expect.objectContaining({ outcome: "outside_working_hours", runId: null })]);
  });

  it("counts a fire missed while no scheduler ran, and catches it up once the same working day", async () => {
    const nudge = domains[0]!;
    clock.set("2026-11-29T10:00:00Z"); // 11:00 Paris: the 09:30 fire passed while we were down
    await nudge.scheduler.tick();
    await nudge.scheduler.tick();
    expect(await runs()).toHaveLength(1);
    expect(await fires()).toEqual([expect.objectContaining({ outcome: "caught_up" })]);
    expect(await missedCount()).toBe("1");
  });

  it("records a fire missed on an earlier day as missed, without a run", async () => {
    const nudge = domains[0]!;
    clock.set("2026-11-30T06:30:00Z"); // next day 07:30 Paris, before today's 09:30
    await nudge.scheduler.tick();
    expect(await runs()).toHaveLength(0);
    expect((await fires()).map((f) => [f.outcome, f.fireAt.toISOString()])).toContainEqual([
      "missed",
      "2026-11-29T08:30:00.000Z",
    ]);
    expect(Number(await missedCount())).toBeGreaterThanOrEqual(1);
  });

  it("records why a scheduled run was refused", async () => {
    const nudge = domains[0]!;
    await nudge.accounts.resetBreaker(1, "test", CALLER);
    await coordinator.breaker.recordFailure(1, "restricted");
    clock.set("2026-11-29T08:30:05Z");
    await nudge.scheduler.tick();
    expect(await runs()).toHaveLength(0);
    expect(await fires()).toEqual([expect.objectContaining({ outcome: "refused", errorCode: "BREAKER_OPEN" })]);
  });

  it("rejects an invalid cron expression when it is saved", async () => {
    await expect(domains[0]!.schedules.update(1, { birthday: { cron: "61 9 * * *" } }, CALLER)).rejects.toMatchObject({
      code: "INVALID_SETTINGS",
    });
  });

  it("delays each fire by a stable jitter within the configured minutes", () => {
    const fire = new Date("2026-11-29T08:30:00Z");
    const a = jitterMs(1, "birthday", fire, 5);
    expect(a).toBe(jitterMs(1, "birthday", fire, 5));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(5 * 60_000);
    expect(jitterMs(1, "birthday", new Date("2026-11-30T08:30:00Z"), 5)).not.toBe(a);
  });
});
