/**
 * `pnpm bench quota` — quota reservations per second through the Redis path and the database
 * path, against `redis-benchmark` INCR on the same redis-server in the same run.
 *
 * Workload: ACCOUNTS accounts with a daily limit of LIMIT each; every account is asked
 * LIMIT × 1.1 times (so about 9 % of the answers are refusals), interleaved, with IN_FLIGHT
 * reservations outstanding at any time on one Redis connection (ioredis auto-pipelining) and
 * one database connection. Every answer is a full decision: all windows checked, the admission
 * recorded in the ledger. Then every account's ledger is checked: `over_admitted` counts
 * admissions beyond a limit (must be 0).
 *
 * A second phase asks again once every window is full (all refusals), which is where Redis
 * spares the database: a refusal is one Lua script and no transaction.
 *
 * Ends with one line: BENCH quota redis_rps=… db_rps=… redis_benchmark_incr_rps=… ratio=… over_admitted=…
 */
import { execFileSync } from "node:child_process";
import { accounts, type Database } from "@nudge/db";
import {
  DbCoordinator,
  RedisCoordinator,
  updateSettings,
  systemClock,
  type Coordinator,
  type QuotaDecision,
} from "@nudge/core";
import { requireTool, startRedisServer, tempDatabase } from "@nudge/testing";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 40);
const LIMIT = 1000; // the settings schema's maximum daily limit
const ASKS_PER_ACCOUNT = Math.round(LIMIT * 1.1);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 256);
const INCR_REQUESTS = 200_000;

async function seedAccounts(db: Database): Promise<number[]> {
  const ids: number[] = [1];
  for (let i = 2; i <= ACCOUNTS; i++) ids.push(i);
  await db
    .insert(accounts)
    .values(ids.slice(1).map((id) => ({ id, name: `bench ${id}` })))
    .onConflictDoNothing();
  for (const id of ids) {
    await updateSettings(
      db,
      id,
      { quotas: { profile_visit: { perDay: LIMIT, perWeek: 5000, perRun: LIMIT } } },
      systemClock,
    );
  }
  return ids;
}

/** Runs `perAccount` reservations per account with IN_FLIGHT outstanding; returns decisions/s. */
async function drive(
  coordinator: Coordinator,
  ids: number[],
  perAccount = ASKS_PER_ACCOUNT,
): Promise<{ rps: number; admitted: Map<number, number>; seconds: number }> {
  const asks: number[] = [];
  for (let round = 0; round < perAccount; round++) for (const id of ids) asks.push(id);
  const admitted = new Map<number, number>(ids.map((id) => [id, 0]));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < asks.length) {
        const accountId = asks[next++]!;
        const decision: QuotaDecision = await coordinator.quota.reserve({ accountId, action: "profile_visit" });
        if (decision.allowed) admitted.set(accountId, admitted.get(accountId)! + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: asks.length / seconds, admitted, seconds };
}

async function overAdmitted(db: Database, admitted: Map<number, number>): Promise<number> {
  let over = 0;
  const rows = await db.$client.execute(
    "select account_id, count(*) from quota_reservations where action = 'profile_visit' and state <> 'refunded' group by account_id",
  );
  for (const row of rows.rows) over += Math.max(0, Number(row[1]) - LIMIT);
  for (const count of admitted.values()) over += Math.max(0, count - LIMIT);
  return over;
}

function redisBenchmarkIncr(port: number): number {
  const out = execFileSync(
    requireTool("redis-benchmark"),
    ["-p", String(port), "-t", "incr", "-n", String(INCR_REQUESTS), "-q"],
    {
      encoding: "utf8",
    },
  );
  // "INCR: 98765.43 requests per second, p50=0.263 msec" (the line may repeat after carriage returns)
  const matches = [...out.matchAll(/INCR:\s*([\d.]+)\s+requests per second/g)];
  const last = matches.at(-1);
  if (!last) throw new Error(`cannot read redis-benchmark output: ${out.slice(-300)}`);
  return Number(last[1]);
}

const fmt = (n: number) => Math.round(n).toString();
const total = (counts: Map<number, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
const mergeCounts = (a: Map<number, number>, b: Map<number, number>) =>
  new Map([...a].map(([id, n]) => [id, n + (b.get(id) ?? 0)]));

const redis = await startRedisServer();
const redisDb = await tempDatabase();
const plainDb = await tempDatabase();
try {
  console.log(
    `workload: ${ACCOUNTS} accounts × ${ASKS_PER_ACCOUNT} reservations (limit ${LIMIT}/day each), ${IN_FLIGHT} in flight`,
  );

  const redisIds = await seedAccounts(redisDb.db);
  const redisCoordinator = await RedisCoordinator.connect({ db: redisDb.db, url: redis.url, policyCacheMs: 60_000 });
  const viaRedis = await drive(redisCoordinator, redisIds);
  const redisRefusals = await drive(redisCoordinator, redisIds, 500);
  await redisCoordinator.close();
  const redisOver = await overAdmitted(redisDb.db, mergeCounts(viaRedis.admitted, redisRefusals.admitted));
  console.log(
    `redis path: ${fmt(viaRedis.rps)} reservations/s (${viaRedis.seconds.toFixed(2)} s, admitted ${total(viaRedis.admitted)})`,
  );

  const dbIds = await seedAccounts(plainDb.db);
  const dbCoordinator = new DbCoordinator({ db: plainDb.db, policyCacheMs: 60_000 });
  const viaDb = await drive(dbCoordinator, dbIds);
  const dbRefusals = await drive(dbCoordinator, dbIds, 500);
  await dbCoordinator.close();
  const dbOver = await overAdmitted(plainDb.db, mergeCounts(viaDb.admitted, dbRefusals.admitted));
  console.log(
    `db path:    ${fmt(viaDb.rps)} reservations/s (${viaDb.seconds.toFixed(2)} s, admitted ${total(viaDb.admitted)})`,
  );
  console.log(
    `windows full (refusals only): redis path ${fmt(redisRefusals.rps)}/s, db path ${fmt(dbRefusals.rps)}/s (admitted ${total(redisRefusals.admitted) + total(dbRefusals.admitted)})`,
  );

  const incr = redisBenchmarkIncr(redis.port);
  console.log(`redis-benchmark -t incr -n ${INCR_REQUESTS} (50 clients, no pipelining): ${fmt(incr)} ops/s`);
  const ratio = viaRedis.rps / incr;
  console.log(`ratio redis path / INCR: ${ratio.toFixed(3)} (goal ≥ 0.5)`);
  console.log(
    `BENCH quota redis_rps=${fmt(viaRedis.rps)} db_rps=${fmt(viaDb.rps)} redis_benchmark_incr_rps=${fmt(incr)} ratio=${ratio.toFixed(3)} over_admitted=${redisOver + dbOver}`,
  );
} finally {
  redisDb.destroy();
  plainDb.destroy();
  await redis.stop();
}
