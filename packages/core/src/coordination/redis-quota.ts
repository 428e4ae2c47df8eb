import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { QuotaAction } from "../settings/settings-schema.js";
import type { QuotaCoordinator, QuotaDecision, ReserveRequest } from "./coordinator.js";
import type { CoordinationStores } from "./coordination-stores.js";
import type { LedgerRequest } from "./quota-ledger.js";
import { effectiveDayLimit, QUOTA_HORIZON_MS, quotaDecision, quotaWindows, WEEK_MS } from "./quota-policy.js";
import { RedisUnavailableError, type RedisConnection } from "./redis-connection.js";
import { INSTALL_REBUILD, RELEASE, RESERVE } from "./redis-scripts.js";

/** Keys of one account+action share a hash tag, so a Lua script touching them also works on a cluster. */
export function quotaKeys(prefix: string, accountId: number, action: QuotaAction, runId: string | null) {
  const base = `${prefix}:quota:{${accountId}:${action}}`;
  return {
    log: `${base}:log`,
    run: `${base}:run:${runId ?? ""}`,
    runOf: (id: string) => `${base}:run:${id}`,
    staging: () => `${base}:staging:${randomUUID()}`,
  };
}

/**
 * Quotas with Redis in front of the ledger, the counterpart of `DbQuota`
 * (docs/decisions/db-decided-admission.md).
 *
 * Atomicity argument. The database ledger (`QuotaLedger`) is where an admission becomes true,
 * for this backend as for the database one: a reservation Redis lets through is then decided
 * again, and recorded, in the ledger's write transaction, and only that decision is returned.
 * Redis runs the same check first, in one Lua script over a sorted-set log per account+action,
 * so that refusals (the common answer once a window is full) cost one round trip and never
 * reach the database's write lock, and admissions reach it already filtered.
 *
 * Because of this, nothing Redis does can admit more than the limits:
 * - while Redis is down, the ledger alone decides (the fallback), and it already holds every
 *   reservation Redis let through, since those were recorded there before being returned;
 * - a Redis that comes back empty (restart, eviction) has no "~built" marker: the log is rebuilt
 *   from the ledger before it answers again;
 * - a Redis that is behind the ledger (it missed admissions made on the fallback path by this
 *   or another process) may let a request through that the ledger then refuses: the refusal
 *   stands, and the stale log is dropped so that the next call rebuilds it;
 * - a reservation Redis recorded but the caller never saw (lost reply) can only make Redis
 *   refuse early, and the fallback coordinator discards the quota logs when Redis comes back.
 */
export class RedisQuota implements QuotaCoordinator {
  readonly #connection: RedisConnection;
  readonly #stores: CoordinationStores;
  readonly #rebuilding = new Map<string, Promise<void>>();

  constructor(connection: RedisConnection, stores: CoordinationStores) {
    this.#connection = connection;
    this.#stores = stores;
  }

  async reserve(request: ReserveRequest): Promise<QuotaDecision> {
    if (request.dryRun) return this.#stores.dryRunDecision(request);
    const entry = await this.#stores.ledgerRequest(request, request.reservationId !== undefined);
    const pre = await this.#precheck(entry);
    if (pre.status === 0) {
      const windows = quotaWindows(entry.at, entry.timeZone);
      return this.#stores.countDecision(
        request,
        quotaDecision({
          allowed: false,
          counts: { day: pre.day, week: pre.week, run: entry.runId === null ? null : pre.run },
          limits: entry.limits,
          windows,
          weekFreesAt: pre.weekFreesAt,
        }),
      );
    }
    const keys = quotaKeys(this.#connection.prefix, entry.accountId, entry.action, entry.runId);
    let decision: QuotaDecision;
    try {
      decision = await this.#stores.ledger.admit({ ...entry, mayExist: entry.mayExist || pre.status === 2 });
    } catch (error) {
      // Not recorded: take it back out of the log so Redis does not refuse early for it.
      if (pre.status === 1) {
        const release = [entry.id, entry.runId === null ? "0" : "1"];
        const undo = (redis: Redis) => RELEASE.run(redis, [keys.log, keys.run], release);
        await this.#connection.call(undo).catch(() => undefined);
      }
      throw error;
    }
    if (!decision.allowed) {
      // Redis had room the ledger did not: its log is behind. Drop it; the next call rebuilds.
      await this.#connection.call((redis) => redis.zrem(keys.log, "~built")).catch(() => undefined);
    }
    return this.#stores.countDecision(request, decision);
  }

  commit(reservationId: string): Promise<void> {
    return this.#stores.ledger.commit(reservationId);
  }

  async refund(reservationId: string): Promise<void> {
    const row = await this.#stores.ledger.refund(reservationId);
    if (!row) return;
    const keys = quotaKeys(this.#connection.prefix, row.accountId, row.action, row.runId);
    // The ledger has refunded it: that is the truth. A Redis failure here only leaves the log
    // counting one too many (it refuses early, never admits more), and is reported as a failure.
    await this.#connection
      .call((redis) => RELEASE.run(redis, [keys.log, keys.run], [row.id, row.runId === null ? "0" : "1"]))
      .catch(() => undefined);
  }

  async #precheck(
    entry: LedgerRequest,
  ): Promise<{ status: number; day: number; week: number; run: number; weekFreesAt: Date | null }> {
    const keys = quotaKeys(this.#connection.prefix, entry.accountId, entry.action, entry.runId);
    const windows = quotaWindows(entry.at, entry.timeZone);
    const args = [
      entry.id,
      entry.at.getTime(),
      windows.dayStart.getTime(),
      windows.dayEnd.getTime(),
      windows.weekStart.getTime(),
      effectiveDayLimit(entry.limits),
      entry.limits.perWeek,
      entry.runId === null ? "0" : "1",
      entry.limits.perRun,
      QUOTA_HORIZON_MS,
      entry.at.getTime() - QUOTA_HORIZON_MS,
    ];
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = (await this.#connection.call(async (redis) => {
        try {
          return await RESERVE.run(redis, [keys.log, keys.run], args);
        } catch (error) {
          // A timed-out script may still have run: asking again with the same id is safe (it
          // answers "already reserved"), and keeps a lost reply from leaving a unit nobody holds.
          if (!(error instanceof Error) || error.message !== "Command timed out") throw error;
          return RESERVE.run(redis, [keys.log, keys.run], args);
        }
      })) as [number, number, number, number, string];
      if (reply[0] !== -1) {
        const freesAt = Number(reply[4]);
        return {
          status: Number(reply[0]),
          day: Number(reply[1]),
          week: Number(reply[2]),
          run: Number(reply[3]),
          weekFreesAt: freesAt > 0 ? new Date(freesAt + WEEK_MS) : null,
        };
      }
      await this.rebuild(entry.accountId, entry.action);
    }
    throw new RedisUnavailableError(new Error("the quota log keeps disappearing (eviction?)"));
  }

  /**
   * Rebuilds one account+action log from the ledger's live reservations (one per process at a
   * time; across processes the first to install wins and the others discard their copy).
   */
  rebuild(accountId: number, action: QuotaAction): Promise<void> {
    const key = `${accountId}:${action}`;
    let running = this.#rebuilding.get(key);
    if (!running) {
      running = this.#rebuild(accountId, action).finally(() => this.#rebuilding.delete(key));
      this.#rebuilding.set(key, running);
    }
    return running;
  }

  async #rebuild(accountId: number, action: QuotaAction): Promise<void> {
    const now = this.#stores.clock.now();
    const rows = await this.#stores.ledger.liveSince(accountId, action, new Date(now.getTime() - QUOTA_HORIZON_MS));
    const keys = quotaKeys(this.#connection.prefix, accountId, action, null);
    const staging = keys.staging();
    const runs = new Map<string, number>();
    for (const row of rows) if (row.runId !== null) runs.set(row.runId, (runs.get(row.runId) ?? 0) + 1);
    await this.#connection.call(async (redis) => {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        await redis.zadd(staging, ...chunk.flatMap((row) => [row.at.getTime(), row.id]));
        await redis.pexpire(staging, 60_000);
      }
      await INSTALL_REBUILD.run(
        redis,
        [keys.log, staging, ...[...runs.keys()].map(keys.runOf)],
        [QUOTA_HORIZON_MS, ...runs.values()],
      );
    });
    const rebuilt = { accountId, action, reservations: rows.length };
    this.#stores.log?.info(rebuilt, "quota log rebuilt in redis from the database");
  }

  /**
   * Drops every quota log so each is rebuilt from the ledger on next use. Called when Redis
   * comes back after the database served alone: the logs may have missed what it admitted.
   */
  async discardLogs(): Promise<number> {
    let dropped = 0;
    await this.#connection.call(async (redis) => {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${this.#connection.prefix}:quota:*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) dropped += await redis.unlink(...keys);
      } while (cursor !== "0");
    });
    return dropped;
  }
}
