import type {
  Coordinator,
  CoordinatorHealth,
  EventFanout,
  QuotaCoordinator,
  QuotaDecision,
  QuotaOverview,
  ReserveRequest,
  Subscription,
} from "./coordinator.js";
import { firstLine } from "../errors/index.js";
import { CoordinationStores } from "./coordination-stores.js";
import { DbCoordinator } from "./db-coordinator.js";
import { newReservationId } from "./reservation-id.js";
import { isRedisUnavailable, loadRedisDriver, RedisConnection } from "./redis-connection.js";
import { RedisCoordinator, type RedisCoordinatorOptions } from "./redis-coordinator.js";

export interface FallbackCoordinatorOptions extends Omit<RedisCoordinatorOptions, "onFailure"> {
  /** While on the fallback, how often Redis is probed (real time). Default 1 s. */
  probeIntervalMs?: number;
  /** Poll interval of the database event channel. Default 200 ms. */
  pollIntervalMs?: number;
}

/**
 * What runs when `REDIS_URL` is set: Redis first, the database when Redis fails.
 *
 * - Quotas: through Redis in front of the ledger; on a Redis error or timeout, the same
 *   reservation (same id) is decided by the ledger alone, and so is everything after it until
 *   a probe finds Redis again. The switch is logged once and counted in
 *   `nudge_coordinator_fallbacks_total`; `health()` says `degraded` meanwhile. On the way back,
 *   the quota logs are discarded and rebuilt from the ledger before Redis answers again. Both
 *   paths decide in the ledger's write transaction (see `RedisQuota`), so neither the switch
 *   nor its reverse can admit more than the limits.
 * - Breaker: always the database (see `BreakerStore`), so it needs no fallback.
 * - Leases: Redis only. Falling back would let a second holder take in the database a lease
 *   that is still held in Redis; an outage makes `acquire`/`renew` throw
 *   `COORDINATOR_UNAVAILABLE`, which a scheduler reads as "not the leader".
 * - Events: published on Redis, or in the database while Redis fails; subscribers listen to
 *   both, so a panel keeps seeing a worker's events during an outage.
 */
export class FallbackCoordinator implements Coordinator {
  readonly backend = "redis+db" as const;
  readonly stores: CoordinationStores;
  readonly redis: RedisCoordinator;
  readonly db: DbCoordinator;
  readonly quota: QuotaCoordinator;
  readonly breaker;
  readonly leases;
  readonly events: EventFanout;
  readonly #connection: RedisConnection;
  readonly #probeIntervalMs: number;
  #path: "redis" | "db" = "redis";
  #degradedSince: Date | null = null;
  #degradedReason = "";
  #probe: NodeJS.Timeout | null = null;
  #probing = false;
  #closed = false;

  /** Connects to Redis if it answers; otherwise starts on the database and keeps probing. */
  static async create(options: FallbackCoordinatorOptions): Promise<FallbackCoordinator> {
    await loadRedisDriver();
    const coordinator = new FallbackCoordinator(options);
    try {
      await coordinator.#connection.connect();
    } catch (error) {
      coordinator.#switchToDatabase(error instanceof Error ? error : new Error(String(error)));
    }
    return coordinator;
  }

  constructor(options: FallbackCoordinatorOptions) {
    this.stores = new CoordinationStores(options);
    this.#probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.#connection = new RedisConnection({
      ...options,
      log: this.stores.log,
      errors: this.stores.metrics.redisErrors,
      onFailure: (error) => this.#switchToDatabase(error),
    });
    this.redis = new RedisCoordinator(this.#connection, this.stores);
    this.db = new DbCoordinator(options, this.stores);
    this.breaker = this.stores.breaker;
    this.leases = this.redis.leases;
    this.quota = {
      reserve: (request) => this.#reserve(request),
      commit: (id) => this.stores.ledger.commit(id),
      refund: (id) => (this.#path === "redis" ? this.redis.quota.refund(id) : this.db.quota.refund(id)),
    };
    this.events = {
      publish: (channel, message) => this.#publish(channel, message),
      subscribe: (channel, handler) => this.#subscribe(channel, handler),
    };
    this.stores.watchMetrics(() => this.health());
  }

  quotaOverview(accountId: number): Promise<QuotaOverview> {
    return this.stores.overview(accountId, this.health());
  }

  settingsChanged(accountId?: number): void {
    this.stores.policies.invalidate(accountId);
  }

  health(): CoordinatorHealth {
    if (this.#path === "redis") return { status: "ok", quotaPath: "redis" };
    return {
      status: "degraded",
      reason: `redis unavailable since ${this.#degradedSince?.toISOString()} (${this.#degradedReason}); quotas and breaker run on the database`,
      quotaPath: "db",
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#probe) clearInterval(this.#probe);
    await this.db.close();
    await this.redis.close();
  }

  async #reserve(request: ReserveRequest): Promise<QuotaDecision> {
    if (request.dryRun) return this.stores.dryRunDecision(request);
    // The id is fixed up front so that a retry on the database after a lost Redis reply is the
    // same reservation, never a second one.
    const fixed = { ...request, reservationId: request.reservationId ?? newReservationId() };
    if (this.#path === "redis") {
      try {
        return await this.redis.quota.reserve(fixed);
      } catch (error) {
        if (!isRedisUnavailable(error)) throw error;
        this.#switchToDatabase(error);
      }
    }
    return this.db.quota.reserveWith(fixed, true);
  }

  async #publish(channel: string, message: unknown): Promise<void> {
    if (this.#path === "redis") {
      try {
        return await this.redis.events.publish(channel, message);
      } catch (error) {
        if (!isRedisUnavailable(error)) throw error;
      }
    }
    await this.db.events.publish(channel, message);
  }

  async #subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    const fromDb = await this.db.events.subscribe(channel, handler);
    // While Redis is down its subscription completes (and resubscribes) on reconnect by itself.
    const fromRedis = this.redis.events.subscribe(channel, handler).catch(() => null);
    if (this.#path === "redis") await fromRedis;
    return {
      unsubscribe: async () => {
        await fromDb.unsubscribe();
        await (await fromRedis)?.unsubscribe().catch(() => undefined);
      },
    };
  }

  #switchToDatabase(error: Error): void {
    if (this.#path === "db" || this.#closed) return;
    this.#path = "db";
    this.#degradedSince = this.stores.clock.now();
    this.#degradedReason = firstLine(error, 200);
    this.stores.metrics.fallbacks.inc();
    this.stores.log?.warn(
      { reason: this.#degradedReason },
      "redis unavailable: quotas and breaker fall back to the database",
    );
    this.#probe = setInterval(() => void this.#probeRedis(), this.#probeIntervalMs);
    this.#probe.unref();
  }

  async #probeRedis(): Promise<void> {
    if (this.#probing || this.#closed) return;
    this.#probing = true;
    try {
      if (!(await this.#connection.ping())) return;
      const dropped = await this.redis.quota.discardLogs();
      if (this.#probe) clearInterval(this.#probe);
      this.#probe = null;
      this.#path = "redis";
      this.#degradedSince = null;
      this.stores.log?.info(
        { discardedQuotaLogs: dropped },
        "redis is back: quotas return to redis, logs rebuilt from the database",
      );
    } catch {
      // still down; next probe
    } finally {
      this.#probing = false;
    }
  }
}
