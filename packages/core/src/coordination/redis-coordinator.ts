import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { NudgeError } from "../errors/index.js";
import { deliverEvent } from "./event-delivery.js";
import type { QuotaAction } from "../settings/settings-schema.js";
import type {
  Coordinator,
  CoordinatorHealth,
  EventFanout,
  LeaseCoordinator,
  LeaseHolder,
  QuotaCoordinator,
  QuotaDecision,
  QuotaOverview,
  ReserveRequest,
  Subscription,
} from "./coordinator.js";
import { CoordinationStores, type CoordinationOptions } from "./coordination-stores.js";
import type { LedgerRequest } from "./quota-ledger.js";
import { effectiveDayLimit, QUOTA_HORIZON_MS, quotaDecision, quotaWindows } from "./quota-policy.js";
import { INSTALL_REBUILD, LEASE_ACQUIRE, LEASE_RELEASE, LEASE_RENEW, RELEASE, RESERVE } from "./redis-scripts.js";

export interface RedisCoordinatorOptions extends CoordinationOptions {
  /** `redis://…`; never logged (it may carry a password). */
  url: string;
  /** A Redis command that takes longer than this counts as a failure. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Prefix of every key and channel. Default "nudge". */
  keyPrefix?: string;
  /** Called on every Redis failure (the fallback coordinator switches to the database). */
  onFailure?: (error: Error) => void;
}

/** Redis did not answer (down, timed out, refused): the caller may fall back to the database. */

let driver: typeof Redis | undefined;

/**
 * Loads ioredis on first use: the embedded default (no `REDIS_URL`) never pays its start-up time
 * and ~10 MB. `RedisCoordinator.connect` and `FallbackCoordinator.create` call it.
 */
export async function loadRedisDriver(): Promise<void> {
  driver ??= (await import("ioredis")).Redis;
}

function redisDriver(): typeof Redis {
  if (!driver) throw new Error("ioredis is not loaded: create coordinators with RedisCoordinator.connect or FallbackCoordinator.create");
  return driver;
}

export class RedisUnavailableError extends NudgeError {
  constructor(cause: unknown) {
    super("COORDINATOR_UNAVAILABLE", `redis unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function isRedisUnavailable(error: unknown): error is RedisUnavailableError {
  return error instanceof RedisUnavailableError;
}

/** Keys of one account+action share a hash tag, so a Lua script touching them also works on a cluster. */
export function quotaKeys(prefix: string, accountId: number, action: QuotaAction, runId: string | null) {
  const base = `${prefix}:quota:{${accountId}:${action}}`;
  return { log: `${base}:log`, run: `${base}:run:${runId ?? ""}`, runOf: (id: string) => `${base}:run:${id}`, staging: () => `${base}:staging:${randomUUID()}` };
}

/**
 * Quotas with Redis in front of the ledger.
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
  readonly #owner: RedisCoordinator;
  readonly #stores: CoordinationStores;
  readonly #rebuilding = new Map<string, Promise<void>>();

  constructor(owner: RedisCoordinator, stores: CoordinationStores) {
    this.#owner = owner;
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
    const keys = quotaKeys(this.#owner.prefix, entry.accountId, entry.action, entry.runId);
    let decision: QuotaDecision;
    try {
      decision = await this.#stores.ledger.admit({ ...entry, mayExist: entry.mayExist || pre.status === 2 });
    } catch (error) {
      // Not recorded: take it back out of the log so Redis does not refuse early for it.
      if (pre.status === 1) await this.#owner.call((redis) => RELEASE.run(redis, [keys.log, keys.run], [entry.id, entry.runId === null ? "0" : "1"])).catch(() => undefined);
      throw error;
    }
    if (!decision.allowed) {
      // Redis had room the ledger did not: its log is behind. Drop it; the next call rebuilds.
      await this.#owner.call((redis) => redis.zrem(keys.log, "~built")).catch(() => undefined);
    }
    return this.#stores.countDecision(request, decision);
  }

  commit(reservationId: string): Promise<void> {
    return this.#stores.ledger.commit(reservationId);
  }

  async refund(reservationId: string): Promise<void> {
    const row = await this.#stores.ledger.refund(reservationId);
    if (!row) return;
    const keys = quotaKeys(this.#owner.prefix, row.accountId, row.action, row.runId);
    // The ledger has refunded it: that is the truth. A Redis failure here only leaves the log
    // counting one too many (it refuses early, never admits more), and is reported as a failure.
    await this.#owner
      .call((redis) => RELEASE.run(redis, [keys.log, keys.run], [row.id, row.runId === null ? "0" : "1"]))
      .catch(() => undefined);
  }

  async #precheck(entry: LedgerRequest): Promise<{ status: number; day: number; week: number; run: number; weekFreesAt: Date | null }> {
    const keys = quotaKeys(this.#owner.prefix, entry.accountId, entry.action, entry.runId);
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
      const reply = (await this.#owner.call(async (redis) => {
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
          weekFreesAt: freesAt > 0 ? new Date(freesAt + 7 * 24 * 3_600_000) : null,
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
    const keys = quotaKeys(this.#owner.prefix, accountId, action, null);
    const staging = keys.staging();
    const runs = new Map<string, number>();
    for (const row of rows) if (row.runId !== null) runs.set(row.runId, (runs.get(row.runId) ?? 0) + 1);
    await this.#owner.call(async (redis) => {
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
    this.#stores.log?.info({ accountId, action, reservations: rows.length }, "quota log rebuilt in redis from the database");
  }
}

class RedisLeases implements LeaseCoordinator {
  readonly #owner: RedisCoordinator;

  constructor(owner: RedisCoordinator) {
    this.#owner = owner;
  }

  #key(name: string): string {
    return `${this.#owner.prefix}:lease:${name}`;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return Number(await this.#owner.call((redis) => LEASE_ACQUIRE.run(redis, [this.#key(name)], [owner, Math.max(1, Math.round(ttlMs))]))) === 1;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return Number(await this.#owner.call((redis) => LEASE_RENEW.run(redis, [this.#key(name)], [owner, Math.max(1, Math.round(ttlMs))]))) === 1;
  }

  async release(name: string, owner: string): Promise<boolean> {
    return Number(await this.#owner.call((redis) => LEASE_RELEASE.run(redis, [this.#key(name)], [owner]))) === 1;
  }

  async holder(name: string): Promise<LeaseHolder | null> {
    const [owner, ttl] = await this.#owner.call(async (redis) => {
      const pipeline = redis.multi().get(this.#key(name)).pttl(this.#key(name));
      const results = (await pipeline.exec()) ?? [];
      return [results[0]?.[1] as string | null, Number(results[1]?.[1])] as const;
    });
    if (owner === null || ttl < 0) return null;
    return { owner, expiresAt: new Date(Date.now() + ttl) };
  }
}

class RedisEvents implements EventFanout {
  readonly #owner: RedisCoordinator;
  #subscriber: Redis | null = null;
  readonly #handlers = new Map<string, Set<(message: unknown) => void>>();

  constructor(owner: RedisCoordinator) {
    this.#owner = owner;
  }

  #channel(channel: string): string {
    return `${this.#owner.prefix}:events:${channel}`;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.#owner.call((redis) => redis.publish(this.#channel(channel), JSON.stringify(message)));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    const subscriber = this.#connection();
    const full = this.#channel(channel);
    let set = this.#handlers.get(full);
    const first = !set;
    if (!set) {
      set = new Set();
      this.#handlers.set(full, set);
    }
    set.add(handler);
    if (first) await subscriber.subscribe(full);
    return {
      unsubscribe: async () => {
        set.delete(handler);
        if (set.size > 0 || this.#handlers.get(full) !== set) return;
        this.#handlers.delete(full);
        await subscriber.unsubscribe(full).catch(() => undefined);
      },
    };
  }

  /**
   * Subscriptions need their own connection (a subscribed connection runs nothing else). It
   * queues commands while disconnected and resubscribes by itself after a reconnect.
   */
  #connection(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const subscriber = new (redisDriver())(this.#owner.url, {
      connectionName: "nudge-events",
      maxRetriesPerRequest: null,
      autoResubscribe: true,
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    subscriber.on("error", () => undefined); // the main connection reports outages
    subscriber.on("message", (channel: string, payload: string) => deliverEvent(this.#handlers.get(channel), channel, payload, this.#owner.log));
    this.#subscriber = subscriber;
    return subscriber;
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    if (this.#subscriber) {
      this.#subscriber.disconnect();
      this.#subscriber = null;
    }
  }
}

/**
 * The coordinator for several processes sharing a Redis (`REDIS_URL`). Quotas: Redis in front
 * of the database ledger (see `RedisQuota`); breaker: the database (see `BreakerStore`);
 * leases: SET NX PX with compare-and-delete / compare-and-renew scripts; events: Redis pub/sub.
 *
 * The connection fails fast rather than queueing: no offline queue, a short command timeout,
 * in-flight commands rejected when the connection drops, and no blind resend after a reconnect.
 */
export class RedisCoordinator implements Coordinator {
  readonly backend = "redis" as const;
  readonly url: string;
  readonly prefix: string;
  readonly stores: CoordinationStores;
  readonly redis: Redis;
  readonly quota: RedisQuota;
  readonly breaker;
  readonly leases: LeaseCoordinator;
  readonly events: RedisEvents;
  readonly #onFailure: ((error: Error) => void) | undefined;
  readonly #ownsStores: boolean;
  #reportedDown = false;

  /** Connects and waits until Redis answers. Use `FallbackCoordinator` to start while Redis is down. */
  static async connect(options: RedisCoordinatorOptions, stores?: CoordinationStores): Promise<RedisCoordinator> {
    await loadRedisDriver();
    const coordinator = new RedisCoordinator(options, stores);
    try {
      await coordinator.redis.connect();
    } catch (error) {
      await coordinator.close();
      throw new RedisUnavailableError(error);
    }
    return coordinator;
  }

  /** Does not connect: call `redis.connect()` (or use `connect`). */
  constructor(options: RedisCoordinatorOptions, stores?: CoordinationStores) {
    this.url = options.url;
    this.prefix = options.keyPrefix ?? "nudge";
    this.#ownsStores = !stores;
    this.stores = stores ?? new CoordinationStores(options);
    this.#onFailure = options.onFailure;
    this.redis = new (redisDriver())(options.url, {
      lazyConnect: true,
      connectionName: "nudge-coordinator",
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      // 0: commands in flight when the connection drops fail at once instead of waiting for a reconnect.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    this.redis.on("error", (error: Error) => this.#reportDown(error));
    this.redis.on("ready", () => {
      if (this.#reportedDown) this.log?.info("redis connection is back");
      this.#reportedDown = false;
    });
    this.quota = new RedisQuota(this, this.stores);
    this.breaker = this.stores.breaker;
    this.leases = new RedisLeases(this);
    this.events = new RedisEvents(this);
    if (!stores) this.stores.watchMetrics(() => this.health());
  }

  get log() {
    return this.stores.log;
  }

  /** Runs Redis commands; any failure becomes a `RedisUnavailableError` and is reported. */
  async call<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await work(this.redis);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.#reportDown(failure);
      this.#onFailure?.(failure);
      throw new RedisUnavailableError(failure);
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  /**
   * Drops every quota log so each is rebuilt from the ledger on next use. Called when Redis
   * comes back after the database served alone: the logs may have missed what it admitted.
   */
  async discardQuotaLogs(): Promise<number> {
    let dropped = 0;
    await this.call(async (redis) => {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${this.prefix}:quota:*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) dropped += await redis.unlink(...keys);
      } while (cursor !== "0");
    });
    return dropped;
  }

  quotaOverview(accountId: number): Promise<QuotaOverview> {
    return this.stores.overview(accountId, this.health());
  }

  settingsChanged(accountId?: number): void {
    this.stores.policies.invalidate(accountId);
  }

  health(): CoordinatorHealth {
    return this.redis.status === "ready"
      ? { status: "ok", quotaPath: "redis" }
      : { status: "degraded", reason: `redis connection is ${this.redis.status}`, quotaPath: "redis" };
  }

  async close(): Promise<void> {
    await this.events.close();
    this.redis.disconnect();
    if (this.#ownsStores) await this.stores.close();
  }

  #reportDown(error: Error): void {
    if (this.#reportedDown) return;
    this.#reportedDown = true;
    this.log?.warn({ err: { message: error.message } }, "redis connection failed");
  }
}
