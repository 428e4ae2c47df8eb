import type { LeaseCoordinator, LeaseHolder } from "./coordinator.js";
import type { RedisConnection } from "./redis-connection.js";
import { LEASE_ACQUIRE, LEASE_RELEASE, LEASE_RENEW } from "./redis-scripts.js";

/**
 * Leases in Redis (docs/architecture.md#leases), the counterpart of `DbLeases`: `SET NX PX` for
 * a free lease, compare-and-renew and compare-and-delete scripts for the holder's own.
 */
export class RedisLeases implements LeaseCoordinator {
  readonly #connection: RedisConnection;

  constructor(connection: RedisConnection) {
    this.#connection = connection;
  }

  #key(name: string): string {
    return `${this.#connection.prefix}:lease:${name}`;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const taken = await this.#connection.call((redis) => LEASE_ACQUIRE.run(redis, [this.#key(name)], [owner, ttl]));
    return Number(taken) === 1;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const renewed = await this.#connection.call((redis) => LEASE_RENEW.run(redis, [this.#key(name)], [owner, ttl]));
    return Number(renewed) === 1;
  }

  async release(name: string, owner: string): Promise<boolean> {
    return Number(await this.#connection.call((redis) => LEASE_RELEASE.run(redis, [this.#key(name)], [owner]))) === 1;
  }

  async holder(name: string): Promise<LeaseHolder | null> {
    const [owner, ttl] = await this.#connection.call(async (redis) => {
      const results = (await redis.multi().get(this.#key(name)).pttl(this.#key(name)).exec()) ?? [];
      return [results[0]?.[1] as string | null, Number(results[1]?.[1])] as const;
    });
    if (owner === null || ttl < 0) return null;
    return { owner, expiresAt: new Date(Date.now() + ttl) };
  }
}
