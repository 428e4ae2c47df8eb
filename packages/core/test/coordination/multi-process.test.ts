import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { startRedisServer, tempDatabase, type RedisServer, type TempDatabase } from "@nudge/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DbCoordinator, quotaKeys, RedisCoordinator, type Coordinator } from "../../src/coordination/index.js";
import { NudgeError } from "../../src/errors/index.js";
import { ManualClock } from "../../src/time/index.js";
import type { WorkerConfig } from "./coordination-worker.js";
import { ACCOUNT, configureAccount, liveReservations } from "./harness.js";
import { WorkerPool } from "./workers.js";

/** Concurrency claims, made by separate OS processes sharing one database file (and one Redis). */
let redis: RedisServer;
const pool = new WorkerPool();
beforeAll(async () => {
  redis = await startRedisServer();
  await pool.start(8);
});
afterAll(async () => {
  await pool.stop();
  await redis?.stop();
});

let db: TempDatabase;
let keyPrefix: string;
beforeEach(async () => {
  db = await tempDatabase();
  keyPrefix = `mp${randomUUID().slice(0, 8)}`;
});
afterEach(() => {
  db.destroy();
});

const backends = ["db", "redis"] as const;
const limit100 = { quotas: { profile_visit: { perDay: 100, perWeek: 5000, perRun: 1000 } } };

function workers(
  n: number,
  config: Omit<WorkerConfig, "dbUrl" | "redisUrl" | "keyPrefix" | "accountId">,
): WorkerConfig[] {
  return Array.from({ length: n }, () => ({
    ...config,
    dbUrl: db.fileUrl,
    redisUrl: redis.url,
    keyPrefix,
    accountId: ACCOUNT,
  }));
}

async function redisLogSize(): Promise<number> {
  const client = new Redis(redis.url);
  try {
    // Minus the "~built" marker.
    return (await client.zcard(quotaKeys(keyPrefix, ACCOUNT, "profile_visit", null).log)) - 1;
  } finally {
    client.disconnect();
  }
}

describe.each(backends)("%s backend across 8 processes", (backend) => {
  it("admits exactly 100 of 8 × 500 concurrent reservations against a limit of 100", async () => {
    await configureAccount(db.db, new ManualClock(Date.now()), { settings: limit100 });
    const results = await pool.run<{ admitted: string[]; denied: number }>(
      workers(8, { backend, scenario: "burst", concurrency: 500 }),
    );
    const admitted = results.flatMap((r) => r.admitted);
    expect(admitted).toHaveLength(100);
    expect(new Set(admitted).size).toBe(100);
    expect(results.reduce((n, r) => n + r.denied, 0)).toBe(8 * 500 - 100);
    expect(await liveReservations(db.db)).toBe(100);
    if (backend === "redis") expect(await redisLogSize()).toBe(100);
  });

  it("never lets commits and refunds in any interleaving push the total past the limit", async () => {
    await configureAccount(db.db, new ManualClock(Date.now()), { settings: limit100 });
    await pool.prepare(workers(8, { backend, scenario: "churn", concurrency: 40, rounds: 8 }));
    let highest = 0;
    let done = false;
    const watching = (async () => {
      while (!done) {
        highest = Math.max(highest, await liveReservations(db.db));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    pool.go();
    const results = await pool.results<{ admitted: number; refunded: number; committed: string[] }>();
    done = true;
    await watching;
    const committed = results.flatMap((r) => r.committed);
    const live = await liveReservations(db.db);
    expect(highest).toBeLessThanOrEqual(100);
    expect(live).toBe(committed.length);
    expect(live).toBeLessThanOrEqual(100);
    // Refunded units were reserved again: more than the limit was admitted over time, never at once.
    expect(results.reduce((n, r) => n + r.admitted, 0)).toBeGreaterThan(100);
    expect(results.reduce((n, r) => n + r.admitted - r.refunded, 0)).toBe(live);
  });

  it("lets exactly one probe through a half-open breaker", async () => {
    const opened = new ManualClock("2026-01-14T10:00:00Z");
    const coordinator: Coordinator = new DbCoordinator({ db: db.db, clock: opened });
    for (let i = 0; i < 3; i++)
      await coordinator.breaker.recordFailure(ACCOUNT, new NudgeError("LINKEDIN_UNREACHABLE", "timeout"));
    expect((await coordinator.breaker.state(ACCOUNT)).state).toBe("open");
    const results = await pool.run<{ allowed: number }>(
      workers(8, { backend, scenario: "probe", concurrency: 10, clock: "2026-01-14T10:01:00Z" }),
    );
    expect(results.reduce((n, r) => n + r.allowed, 0)).toBe(1);
    expect((await coordinator.breaker.state(ACCOUNT)).state).toBe("half_open");
    await coordinator.close();
  });

  it("keeps a breaker opened hard by a process that has since exited", async () => {
    // The worker closes its connections after the scenario, as a stopped process would.
    await pool.run(workers(1, { backend, scenario: "open-hard", concurrency: 1 }));
    const restarted: Coordinator =
      backend === "db"
        ? new DbCoordinator({ db: db.db })
        : await RedisCoordinator.connect({ db: db.db, url: redis.url, keyPrefix });
    expect(await restarted.breaker.permit(ACCOUNT)).toMatchObject({
      allowed: false,
      state: "open",
      hard: true,
      reason: "LINKEDIN_CHECKPOINT",
    });
    await restarted.close();
  });
});
