import { randomUUID } from "node:crypto";
import { accounts, eq } from "@nudge/db";
import { startRedisServer, tempDatabase, waitFor, type RedisServer, type TempDatabase } from "@nudge/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Coordinator } from "../../src/coordination/index.js";
import { isNudgeError, NudgeError } from "../../src/errors/index.js";
import { ManualClock } from "../../src/time/index.js";
import {
  ACCOUNT,
  capturedLogger,
  configureAccount,
  dbBackend,
  liveReservations,
  redisBackend,
  type Backend,
} from "./harness.js";

/**
 * One contract, two implementations: everything below runs against `DbCoordinator` and against
 * `RedisCoordinator` on a real redis-server started for this file.
 */
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const redisImpl = redisBackend(() => redis.url);
const backends: Backend[] = [dbBackend(), redisImpl];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const visitLimits = (limits: { perDay?: number; perWeek?: number; perRun?: number }) => ({
  quotas: { profile_visit: { perDay: 1000, perWeek: 5000, perRun: 1000, ...limits } },
});

describe.each(backends)("$name contract", (backend) => {
  let db: TempDatabase;
  let clock: ManualClock;
  let coordinator: Coordinator;
  const others: Coordinator[] = [];

  /** Another instance on the same stores, as another process would have. */
  async function another(extra?: Parameters<Backend["create"]>[2]): Promise<Coordinator> {
    const c = await backend.create(db, clock, extra);
    others.push(c);
    return c;
  }

  beforeEach(async () => {
    db = await tempDatabase();
    clock = new ManualClock("2026-01-14T10:00:00Z");
    redisImpl.fresh();
    coordinator = await backend.create(db, clock);
  });

  afterEach(async () => {
    for (const c of others.splice(0)) await c.close();
    await coordinator.close();
    db.destroy();
  });

  describe("quotas", () => {
    it("admits up to the daily limit, then says the day refused and when it frees up", async () => {
      await configureAccount(db.db, clock, { timeZone: "Europe/Paris", settings: visitLimits({ perDay: 3 }) });
      const decisions = [];
      for (let i = 0; i < 4; i++)
        decisions.push(await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" }));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions[0]!.reservationId).toEqual(expect.any(String));
      expect(decisions[2]!.remaining).toEqual({ day: 0, week: 4997 });
      expect(decisions[3]).toMatchObject({
        allowed: false,
        dryRun: false,
        deniedBy: "day",
        retryAt: new Date("2026-01-14T23:00:00Z"),
      });
      expect(decisions[3]!.reservationId).toBeUndefined();
      expect(await liveReservations(db.db)).toBe(3);
    });

    it("counts each action separately", async () => {
      await configureAccount(db.db, clock, {
        settings: { quotas: { profile_visit: { perDay: 1 }, birthday_message: { perDay: 1 } } },
      });
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "birthday_message" })).allowed).toBe(true);
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(false);
    });

    it("puts 23:59:59 and 00:00:00 of the account's zone (not UTC's) in different days", async () => {
      // New York is UTC−5 in January: both instants are on 2026-01-14 in UTC, not in New York.
      await configureAccount(db.db, clock, { timeZone: "America/New_York", settings: visitLimits({ perDay: 1 }) });
      clock.set("2026-01-14T04:59:59Z"); // 23:59:59 on the 13th in New York
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      clock.set("2026-01-14T05:00:00Z"); // 00:00:00 on the 14th
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      clock.set("2026-01-14T05:00:01Z");
      expect(await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).toMatchObject({
        allowed: false,
        deniedBy: "day",
        retryAt: new Date("2026-01-15T05:00:00Z"),
      });
    });

    it("handles a 23-hour DST change day as one day", async () => {
      // Paris, 2026-03-29: midnight is 23:00 UTC the day before; the next midnight is 22:00 UTC.
      await configureAccount(db.db, clock, { timeZone: "Europe/Paris", settings: visitLimits({ perDay: 2 }) });
      const reserveAt = async (iso: string) => {
        clock.set(iso);
        return coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      };
      expect((await reserveAt("2026-03-28T22:59:59Z")).allowed).toBe(true); // 23:59:59 on the 28th
      expect((await reserveAt("2026-03-28T23:00:00Z")).allowed).toBe(true); // 00:00 on the 29th
      expect((await reserveAt("2026-03-29T12:00:00Z")).allowed).toBe(true);
      expect(await reserveAt("2026-03-29T21:59:59Z")).toMatchObject({
        allowed: false,
        deniedBy: "day",
        retryAt: new Date("2026-03-29T22:00:00Z"),
      });
      expect((await reserveAt("2026-03-29T22:00:00Z")).allowed).toBe(true); // 00:00 on the 30th
    });

    it("starts the day at the first instant after a DST gap at midnight", async () => {
      // Santiago, 2026-09-06: clocks jump from 24:00 to 01:00, so that day starts at 01:00 (04:00 UTC).
      await configureAccount(db.db, clock, { timeZone: "America/Santiago", settings: visitLimits({ perDay: 1 }) });
      clock.set("2026-09-06T03:59:59Z"); // 23:59:59 on the 5th
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      clock.set("2026-09-06T04:00:00Z"); // 01:00:00 on the 6th, its first instant
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
    });

    it("keeps a reservation in the rolling week for exactly 7 × 24 h, across a DST change", async () => {
      await configureAccount(db.db, clock, { timeZone: "Europe/Paris", settings: visitLimits({ perWeek: 2 }) });
      const first = new Date("2026-03-25T10:00:00Z"); // the week after includes the 23-hour 29th
      clock.set(first);
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      clock.set(first.getTime() + DAY);
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      clock.set(first.getTime() + 7 * DAY - 1);
      expect(await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).toMatchObject({
        allowed: false,
        deniedBy: "week",
        retryAt: new Date(first.getTime() + 7 * DAY),
        remaining: { week: 0 },
      });
      clock.set(first.getTime() + 7 * DAY);
      expect(await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).toMatchObject({
        allowed: true,
        remaining: { week: 0 },
      });
    });

    it("limits a run, and a run's refusal has no retry time", async () => {
      await configureAccount(db.db, clock, { settings: visitLimits({ perRun: 2 }) });
      const run = (runId: string | number) =>
        coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", runId });
      expect(await run(7)).toMatchObject({ allowed: true, remaining: { run: 1 } });
      expect(await run("7")).toMatchObject({ allowed: true, remaining: { run: 0 } });
      const refused = await run(7);
      expect(refused).toMatchObject({ allowed: false, deniedBy: "run" });
      expect(refused.retryAt).toBeUndefined();
      expect((await run(8)).allowed).toBe(true);
    });

    it("caps a new account with the warm-up ramp", async () => {
      await configureAccount(db.db, clock, {
        createdAt: clock.now(),
        settings: { quotas: { profile_visit: { perDay: 10 }, warmup: { enabled: true, startPercent: 30, days: 14 } } },
      });
      const decisions = [];
      for (let i = 0; i < 4; i++)
        decisions.push(await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" }));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions[2]!.remaining).toMatchObject({ day: 7, warmup: 0 });
      expect(decisions[3]).toMatchObject({ deniedBy: "warmup", retryAt: new Date("2026-01-14T23:00:00Z") });
      // A week later the cap is 65 % of 10, rounded up.
      clock.advance(7 * DAY);
      let allowed = 0;
      for (let i = 0; i < 10; i++)
        if ((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed) allowed++;
      expect(allowed).toBe(7);
      // Warmed up after 14 days: the plain daily limit.
      clock.advance(7 * DAY);
      const warm = await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      expect(warm.allowed).toBe(true);
      expect(warm.remaining.warmup).toBeUndefined();
    });

    it("gives a refunded unit back and keeps a committed one", async () => {
      await configureAccount(db.db, clock, { settings: visitLimits({ perDay: 2 }) });
      const a = await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      const b = await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(false);
      await coordinator.quota.commit(a.reservationId!);
      await coordinator.quota.commit(a.reservationId!); // idempotent
      await coordinator.quota.refund(b.reservationId!);
      await coordinator.quota.refund(b.reservationId!); // idempotent
      const c = await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      expect(c).toMatchObject({ allowed: true, remaining: { day: 0 } });
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(false);
      await expect(coordinator.quota.refund(a.reservationId!)).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(coordinator.quota.commit(b.reservationId!)).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(coordinator.quota.commit(randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("gives a run's unit back on refund", async () => {
      await configureAccount(db.db, clock, { settings: visitLimits({ perRun: 1 }) });
      const a = await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", runId: "r1" });
      expect(
        (await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", runId: "r1" })).deniedBy,
      ).toBe("run");
      await coordinator.quota.refund(a.reservationId!);
      expect(
        (await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", runId: "r1" })).allowed,
      ).toBe(true);
    });

    it("never reserves for a dry run, and a dry run never blocks a real action", async () => {
      await configureAccount(db.db, clock, { settings: visitLimits({ perDay: 1 }) });
      for (let i = 0; i < 5; i++) {
        const dry = await coordinator.quota.reserve({
          accountId: ACCOUNT,
          action: "profile_visit",
          runId: "dry",
          dryRun: true,
        });
        expect(dry).toEqual({ allowed: true, dryRun: true, remaining: { day: 1, week: 5000, run: 1000 } });
      }
      expect(await liveReservations(db.db)).toBe(0);
      expect((await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" })).allowed).toBe(true);
      const afterFull = await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", dryRun: true });
      expect(afterFull).toEqual({ allowed: true, dryRun: true, remaining: { day: 0, week: 4999 } });
      expect(await liveReservations(db.db)).toBe(1);
      expect((await db.db.$client.execute("select count(*) from quota_reservations")).rows[0]![0]).toBe(1);
    });

    it("admits a reservation id once, however often it is reserved", async () => {
      await configureAccount(db.db, clock, { settings: visitLimits({ perDay: 5 }) });
      const id = randomUUID();
      const again = await Promise.all(
        [1, 2, 3].map(() =>
          coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit", reservationId: id }),
        ),
      );
      expect(again.every((d) => d.allowed && d.reservationId === id)).toBe(true);
      expect(await liveReservations(db.db)).toBe(1);
    });

    it("admits exactly the limit out of many concurrent requests from two instances", async () => {
      await configureAccount(db.db, clock, { settings: visitLimits({ perDay: 10 }) });
      const second = await another();
      const requests = Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? coordinator : second).quota.reserve({ accountId: ACCOUNT, action: "profile_visit" }),
      );
      const decisions = await Promise.all(requests);
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      expect(await liveReservations(db.db)).toBe(10);
    });

    it("refuses an unknown account", async () => {
      await expect(coordinator.quota.reserve({ accountId: 999, action: "profile_visit" })).rejects.toSatisfy((e) =>
        isNudgeError(e, "NOT_FOUND"),
      );
    });

    it("shows every window of the account with used, limit and reset time", async () => {
      await configureAccount(db.db, clock, {
        timeZone: "Europe/Paris",
        settings: visitLimits({ perDay: 5, perWeek: 20 }),
      });
      await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      clock.advance(HOUR);
      await coordinator.quota.reserve({ accountId: ACCOUNT, action: "profile_visit" });
      const overview = await coordinator.quotaOverview(ACCOUNT);
      expect(overview.timeZone).toBe("Europe/Paris");
      expect(overview.actions.find((a) => a.action === "profile_visit")!.windows).toEqual([
        { window: "day", used: 2, limit: 5, remaining: 3, resetsAt: new Date("2026-01-14T23:00:00Z") },
        { window: "week", used: 2, limit: 20, remaining: 18, resetsAt: new Date("2026-01-21T10:00:00Z") },
      ]);
      expect(overview.actions.find((a) => a.action === "birthday_message")!.windows[0]).toEqual({
        window: "day",
        used: 0,
        limit: 15,
        remaining: 15,
        resetsAt: null,
      });
      expect(overview.breaker).toMatchObject({ state: "closed" });
      expect(overview.coordinator.status).toBe("ok");
    });
  });

  describe("circuit breaker", () => {
    const transient = new NudgeError("LINKEDIN_UNREACHABLE", "navigation timed out");

    it("opens after three transient failures in a row, for 60 s", async () => {
      expect(await coordinator.breaker.permit(ACCOUNT)).toMatchObject({ allowed: true, probe: false });
      await coordinator.breaker.recordFailure(ACCOUNT, transient);
      await coordinator.breaker.recordFailure(ACCOUNT, transient);
      expect((await coordinator.breaker.state(ACCOUNT)).state).toBe("closed");
      const opened = await coordinator.breaker.recordFailure(ACCOUNT, transient);
      expect(opened).toMatchObject({
        state: "open",
        reason: "transient",
        hard: false,
        trips: 1,
        until: new Date("2026-01-14T10:01:00Z"),
      });
      expect(await coordinator.breaker.permit(ACCOUNT)).toEqual({
        allowed: false,
        state: "open",
        reason: "transient",
        hard: false,
        retryAt: new Date("2026-01-14T10:01:00Z"),
      });
    });

    it("counts only failures in a row", async () => {
      await coordinator.breaker.recordFailure(ACCOUNT, transient);
      await coordinator.breaker.recordFailure(ACCOUNT, transient);
      await coordinator.breaker.recordSuccess(ACCOUNT);
      await coordinator.breaker.recordFailure(ACCOUNT, transient);
      await coordinator.breaker.recordFailure(ACCOUNT, transient);
      expect((await coordinator.breaker.state(ACCOUNT)).state).toBe("closed");
    });

    it("lets exactly one probe through when half-open, and its success closes the breaker", async () => {
      for (let i = 0; i < 3; i++) await coordinator.breaker.recordFailure(ACCOUNT, transient);
      clock.advance(60_000);
      const second = await another();
      const permits = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? coordinator : second).breaker.permit(ACCOUNT)),
      );
      const probes = permits.filter((p) => p.allowed);
      expect(probes).toHaveLength(1);
      expect(probes[0]).toMatchObject({ probe: true });
      expect((await coordinator.breaker.state(ACCOUNT)).state).toBe("half_open");
      const probe = probes[0] as { permitId: string };
      expect(await coordinator.breaker.recordSuccess(ACCOUNT, probe.permitId)).toMatchObject({
        state: "closed",
        trips: 0,
        consecutiveFailures: 0,
      });
      expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(true);
    });

    it("reopens with a doubled back-off when the probe fails, capped at one hour", async () => {
      for (let i = 0; i < 3; i++) await coordinator.breaker.recordFailure(ACCOUNT, transient);
      const backoffs: number[] = [];
      for (let trip = 0; trip < 8; trip++) {
        const state = await coordinator.breaker.state(ACCOUNT);
        backoffs.push((state.until!.getTime() - state.openedAt!.getTime()) / 1000);
        clock.set(state.until!);
        expect(await coordinator.breaker.permit(ACCOUNT)).toMatchObject({ allowed: true, probe: true });
        await coordinator.breaker.recordFailure(ACCOUNT, new Error("page crashed"));
      }
      expect(backoffs).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    });

    it("allows another probe when the first one never reports back", async () => {
      for (let i = 0; i < 3; i++) await coordinator.breaker.recordFailure(ACCOUNT, transient);
      clock.advance(60_000);
      expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(true);
      expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(false);
      clock.advance(10 * 60_000);
      expect(await coordinator.breaker.permit(ACCOUNT)).toMatchObject({ allowed: true, probe: true });
    });

    it("opens hard on a restriction signal until a person resets it, and logs the reset", async () => {
      const { logger, lines } = capturedLogger();
      const withLog = await another({ logger });
      const opened = await withLog.breaker.recordFailure(
        ACCOUNT,
        new NudgeError("LINKEDIN_CHECKPOINT", "security check"),
      );
      expect(opened).toMatchObject({
        state: "open",
        hard: true,
        reason: "LINKEDIN_CHECKPOINT",
        until: new Date("2026-01-15T10:00:00Z"),
      });
      await withLog.breaker.recordSuccess(ACCOUNT);
      clock.advance(23 * HOUR);
      expect(await withLog.breaker.permit(ACCOUNT)).toMatchObject({
        allowed: false,
        hard: true,
        reason: "LINKEDIN_CHECKPOINT",
      });
      const reset = await withLog.breaker.reset(ACCOUNT, { reason: "checked the account by hand", by: "admin-key" });
      expect(reset).toMatchObject({ state: "closed", hard: false, reason: null });
      expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(true);
      expect(lines()).toContainEqual(
        expect.objectContaining({
          msg: "circuit breaker reset by a person",
          by: "admin-key",
          reason: "checked the account by hand",
          previousReason: "LINKEDIN_CHECKPOINT",
        }),
      );
    });

    it("lets one probe through after the hard cool-down", async () => {
      await configureAccount(db.db, clock, { settings: { breaker: { hardCooldownHours: 2 } } });
      await coordinator.breaker.recordFailure(ACCOUNT, new NudgeError("LINKEDIN_WEEKLY_LIMIT", "weekly limit banner"));
      clock.advance(2 * HOUR);
      expect(await coordinator.breaker.permit(ACCOUNT)).toMatchObject({ allowed: true, probe: true });
      expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(false);
    });

    it("marks the session expired and stays open until new cookies are checked valid", async () => {
      const state = await coordinator.breaker.recordFailure(
        ACCOUNT,
        new NudgeError("LINKEDIN_LOGGED_OUT", "redirected to login"),
      );
      expect(state).toMatchObject({ state: "open", reason: "session_expired", until: null });
      const account = await db.db.select().from(accounts).where(eq(accounts.id, ACCOUNT)).get();
      expect(account!.sessionStatus).toBe("expired");
      clock.advance(30 * DAY);
      expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(false);
      clock.advance(60_000);
      await db.db
        .update(accounts)
        .set({ sessionStatus: "valid", sessionCheckedAt: clock.now() })
        .where(eq(accounts.id, ACCOUNT));
      expect(await coordinator.breaker.permit(ACCOUNT)).toMatchObject({ allowed: true, probe: false });
      expect((await coordinator.breaker.state(ACCOUNT)).state).toBe("closed");
    });

    it("ignores our own refusals", async () => {
      for (let i = 0; i < 5; i++)
        await coordinator.breaker.recordFailure(ACCOUNT, new NudgeError("QUOTA_EXHAUSTED", "no budget"));
      expect(await coordinator.breaker.state(ACCOUNT)).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    });

    it("keeps an open breaker for a new instance (a restart)", async () => {
      await coordinator.breaker.recordFailure(ACCOUNT, new NudgeError("LINKEDIN_RESTRICTED", "account restricted"));
      await coordinator.close();
      coordinator = await backend.create(db, clock);
      expect(await coordinator.breaker.permit(ACCOUNT)).toMatchObject({
        allowed: false,
        hard: true,
        reason: "LINKEDIN_RESTRICTED",
      });
    });
  });

  describe("leases", () => {
    it("has one holder at a time; only the holder renews or releases", async () => {
      const second = await another();
      expect(await coordinator.leases.acquire("scheduler", "a", 30_000)).toBe(true);
      expect(await second.leases.acquire("scheduler", "b", 30_000)).toBe(false);
      expect(await coordinator.leases.acquire("scheduler", "a", 30_000)).toBe(true);
      expect(await second.leases.renew("scheduler", "b", 30_000)).toBe(false);
      expect(await second.leases.release("scheduler", "b")).toBe(false);
      expect(await second.leases.holder("scheduler")).toMatchObject({ owner: "a" });
      expect(await coordinator.leases.renew("scheduler", "a", 30_000)).toBe(true);
      expect(await coordinator.leases.release("scheduler", "a")).toBe(true);
      expect(await coordinator.leases.holder("scheduler")).toBeNull();
      expect(await second.leases.acquire("scheduler", "b", 30_000)).toBe(true);
    });

    it("frees a lease its holder stopped renewing", async () => {
      expect(await coordinator.leases.acquire("run:1", "worker-a", 150)).toBe(true);
      clock.advance(1_000); // the database judges expiry by the clock, Redis by its own TTL
      await waitFor(() => coordinator.leases.acquire("run:1", "worker-b", 30_000), {
        what: "the expired lease to be free",
      });
      expect(await coordinator.leases.renew("run:1", "worker-a", 30_000)).toBe(false);
      expect(await coordinator.leases.holder("run:1")).toMatchObject({ owner: "worker-b" });
    });
  });

  describe("run-event fan-out", () => {
    it("delivers what one instance publishes to subscribers of another, in order, per channel", async () => {
      const panel = await another();
      const received: unknown[] = [];
      const elsewhere: unknown[] = [];
      const subscription = await panel.events.subscribe("run:42", (m) => received.push(m));
      await panel.events.subscribe("run:43", (m) => elsewhere.push(m));
      for (let seq = 1; seq <= 5; seq++) await coordinator.events.publish("run:42", { seq, type: "visit" });
      await waitFor(() => received.length === 5, { what: "five events" });
      expect(received).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq, type: "visit" })));
      expect(elsewhere).toEqual([]);
      await subscription.unsubscribe();
      await coordinator.events.publish("run:42", { seq: 6 });
      await coordinator.events.publish("run:43", { seq: 1 });
      await waitFor(() => elsewhere.length === 1, { what: "the other channel's event" });
      expect(received).toHaveLength(5);
    });
  });

  it("reports itself healthy", () => {
    expect(coordinator.health().status).toBe("ok");
  });
});
