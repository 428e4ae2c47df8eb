import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { freePort, startRedisServer, tempDatabase, waitFor, type RedisServer, type TempDatabase } from "@nudge/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FallbackCoordinator, quotaKeys, RedisCoordinator } from "../../src/coordination/index.js";
import { systemClock } from "../../src/time/index.js";
import type { WorkerConfig } from "./coordination-worker.js";
import { ACCOUNT, capturedLogger, configureAccount, liveReservations, newMetrics } from "./harness.js";
import { WorkerPool } from "./workers.js";

/** Redis dies under load and comes back empty: the fallback's promises, with real processes. */
let redis: RedisServer;
const pool = new WorkerPool();
beforeAll(async () => {
  redis = await startRedisServer();
  await pool.start(4);
});
afterAll(async () => {
  await pool.stop();
  await redis?.stop();
});

let db: TempDatabase;
let keyPrefix: string;
const coordinators: FallbackCoordinator[] = [];
beforeEach(async () => {
  db = await tempDatabase();
  keyPrefix = `fb${randomUUID().slice(0, 8)}`;
  await configureAccount(db.db, systemClock, { settings: { quotas: { profile_visit: { perDay: 1000, perWeek: 5000, perRun: 1000 } } } });
});
afterEach(async () => {
  for (const c of coordinators.splice(0)) await c.close();
  db.destroy();
});

async function fallbackCoordinator(url: string, extra: Partial<Parameters<typeof FallbackCoordinator.create>[0]> = {}): Promise<FallbackCoordinator> {
  const c = await FallbackCoordinator.create({ db: db.db, url, keyPrefix, probeIntervalMs: 50, policyCacheMs: 0, ...extra });
  coordinators.push(c);
  return c;
}

async function redisLogSize(): Promise<number> {
  const client = new Redis(redis.url);
  try {
    return (await client.zcard(quotaKeys(keyPrefix, ACCOUNT, "profile_visit", null).log)) - 1; // minus the "~built" marker
  } finally {
    client.disconnect();
  }
}

async function redisAnswers(): Promise<boolean> {
  const client = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const visit = { accountId: ACCOUNT, action: "profile_visit" } as const;

describe("falling back from Redis to the database", () => {
  it("admits no more than the limit when redis-server is killed mid-flight, then rebuilds Redis from the database", async () => {
    const { registry, metrics } = newMetrics();
    const { logger, lines } = capturedLogger();
    const coordinator = await fallbackCoordinator(redis.url, { metrics, logger });
    expect(coordinator.health()).toEqual({ status: "ok", quotaPath: "redis" });
    for (let i = 0; i < 10; i++) expect((await coordinator.quota.reserve(visit)).allowed).toBe(true);

    // Four processes keep 10 reservations each in flight until each has seen 40 refusals.
    const config: WorkerConfig = { backend: "fallback", dbUrl: db.fileUrl, redisUrl: redis.url, keyPrefix, accountId: ACCOUNT, scenario: "stream", concurrency: 10, rounds: 40 };
    await pool.prepare([config, config, config, config]);
    pool.go();
    await waitFor(async () => (await liveReservations(db.db)) >= 150, { intervalMs: 1, what: "reservations to flow through Redis" });
    await redis.kill("SIGKILL");
    const results = await pool.results<{ admitted: string[]; denied: number; failed: number; fallbacks: number; health: { status: string; quotaPath: string } }>();

    const admitted = 10 + results.reduce((n, r) => n + r.admitted.length, 0);
    expect(admitted).toBe(1000);
    expect(await liveReservations(db.db)).toBe(1000);
    for (const r of results) {
      expect(r.failed).toBe(0); // every call in flight at the kill was answered by the database
      expect(r.fallbacks).toBe(1);
      expect(r.health).toMatchObject({ status: "degraded", quotaPath: "db" });
    }

    // This process notices on its next call: the same answer, from the database.
    expect(await coordinator.quota.reserve(visit)).toMatchObject({ allowed: false, deniedBy: "day" });
    await coordinator.quota.reserve(visit);
    const health = coordinator.health();
    expect(health).toMatchObject({ status: "degraded", quotaPath: "db" });
    expect(health.reason).toMatch(/redis unavailable since .*quotas and breaker run on the database/);
    expect(await registry.getSingleMetricAsString("nudge_coordinator_fallbacks_total")).toContain("nudge_coordinator_fallbacks_total 1");
    expect(lines().filter((l) => String(l.msg).startsWith("redis unavailable: quotas and breaker fall back"))).toHaveLength(1);
    // The breaker never needed Redis.
    expect((await coordinator.breaker.permit(ACCOUNT)).allowed).toBe(true);

    await redis.restart(); // empty: no persistence
    await waitFor(() => coordinator.health().status === "ok", { what: "the fallback to notice Redis is back" });
    expect(await coordinator.quota.reserve(visit)).toMatchObject({ allowed: false, deniedBy: "day" });
    expect(await redisLogSize()).toBe(1000);

    // And the Redis path admits again as soon as the ledger has room.
    const refundable = results.flatMap((r) => r.admitted)[0]!;
    await coordinator.quota.refund(refundable);
    expect(await coordinator.quota.reserve(visit)).toMatchObject({ allowed: true, remaining: { day: 0 } });
    expect(await redisLogSize()).toBe(1000);
    expect(await liveReservations(db.db)).toBe(1000);
  });

  it("starts on the database when Redis is down at start, and moves to Redis when it appears", async () => {
    await redis.kill("SIGKILL");
    try {
      const coordinator = await fallbackCoordinator(redis.url);
      expect(coordinator.health()).toMatchObject({ status: "degraded", quotaPath: "db" });
      expect((await coordinator.quota.reserve(visit)).allowed).toBe(true);
      const received: unknown[] = [];
      await coordinator.events.subscribe("run:1", (m) => received.push(m));
      await coordinator.events.publish("run:1", { via: "database" });
      await waitFor(() => received.length === 1, { what: "the event published while Redis is down" });

      await redis.restart();
      await waitFor(() => coordinator.health().status === "ok", { what: "the fallback to find Redis" });
      expect((await coordinator.quota.reserve(visit)).allowed).toBe(true);
      expect(await redisLogSize()).toBe(2); // rebuilt from the ledger, then the new one
      expect(await liveReservations(db.db)).toBe(2);
    } finally {
      if (!(await redisAnswers())) await redis.restart();
    }
  });

  it("refuses to start a plain RedisCoordinator without Redis", async () => {
    await expect(RedisCoordinator.connect({ db: db.db, url: `redis://127.0.0.1:${await freePort()}` })).rejects.toMatchObject({
      code: "COORDINATOR_UNAVAILABLE",
    });
  });

  it("counts reservations admitted on the database when Redis comes back with stale data", async () => {
    // Two processes: one loses Redis (a partition), admits on the database; Redis kept its log.
    await configureAccount(db.db, systemClock, { settings: { quotas: { profile_visit: { perDay: 5 } } } });
    const a = await fallbackCoordinator(redis.url);
    const b = await fallbackCoordinator(redis.url);
    for (let i = 0; i < 3; i++) expect((await a.quota.reserve(visit)).allowed).toBe(true);
    // b's own Redis connection fails: it admits on the database alone.
    b.redis.connection.disconnect();
    expect((await b.quota.reserve(visit)).allowed).toBe(true);
    expect((await b.quota.reserve(visit)).allowed).toBe(true);
    expect(b.health().quotaPath).toBe("db");
    // a's Redis log still says 3 of 5: the ledger's refusal stands.
    expect(await a.quota.reserve(visit)).toMatchObject({ allowed: false, deniedBy: "day" });
    expect(await liveReservations(db.db)).toBe(5);
  });
});
