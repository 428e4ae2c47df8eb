import type { BreakerStore } from "./breaker-store.js";
import type { Coordinator, CoordinatorHealth, QuotaOverview } from "./coordinator.js";
import { CoordinationStores, type CoordinationOptions } from "./coordination-stores.js";
import {
  loadRedisDriver,
  RedisConnection,
  RedisUnavailableError,
  type RedisConnectionOptions,
} from "./redis-connection.js";
import { RedisEvents } from "./redis-events.js";
import { RedisLeases } from "./redis-leases.js";
import { RedisQuota } from "./redis-quota.js";

export interface RedisCoordinatorOptions extends CoordinationOptions, Omit<RedisConnectionOptions, "log"> {}

/**
 * The coordinator for several processes sharing a Redis (`REDIS_URL`), the counterpart of
 * `DbCoordinator`. Quotas: Redis in front of the database ledger (`RedisQuota`); breaker: the
 * database (`BreakerStore`); leases: `RedisLeases`; events: `RedisEvents`. All share one
 * fail-fast `RedisConnection`.
 */
export class RedisCoordinator implements Coordinator {
  readonly backend = "redis" as const;
  readonly stores: CoordinationStores;
  readonly connection: RedisConnection;
  readonly quota: RedisQuota;
  readonly breaker: BreakerStore;
  readonly leases: RedisLeases;
  readonly events: RedisEvents;

  /** Connects and waits until Redis answers. Use `FallbackCoordinator` to start while Redis is down. */
  static async connect(options: RedisCoordinatorOptions): Promise<RedisCoordinator> {
    await loadRedisDriver();
    const stores = new CoordinationStores(options);
    const connection = new RedisConnection({ ...options, log: stores.log, errors: stores.metrics.redisErrors });
    const coordinator = new RedisCoordinator(connection, stores);
    stores.watchMetrics(() => coordinator.health());
    try {
      await coordinator.connection.connect();
    } catch (error) {
      await coordinator.close();
      throw new RedisUnavailableError(error);
    }
    return coordinator;
  }

  /** On a connection that need not be connected yet (`FallbackCoordinator` connects it itself). */
  constructor(connection: RedisConnection, stores: CoordinationStores) {
    this.connection = connection;
    this.stores = stores;
    this.quota = new RedisQuota(connection, stores);
    this.breaker = stores.breaker;
    this.leases = new RedisLeases(connection);
    this.events = new RedisEvents(connection, stores.log);
  }

  quotaOverview(accountId: number): Promise<QuotaOverview> {
    return this.stores.overview(accountId, this.health());
  }

  settingsChanged(accountId?: number): void {
    this.stores.policies.invalidate(accountId);
  }

  health(): CoordinatorHealth {
    const status = this.connection.status;
    return status === "ready"
      ? { status: "ok", quotaPath: "redis" }
      : { status: "degraded", reason: `redis connection is ${status}`, quotaPath: "redis" };
  }

  async close(): Promise<void> {
    await this.events.close();
    this.connection.disconnect();
  }
}
