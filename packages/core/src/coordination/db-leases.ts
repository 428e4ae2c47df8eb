import { and, eq, gt, leases, lte, or, type DatabaseWriter } from "@nudge/db";
import type { Clock } from "../time/clock.js";
import type { LeaseCoordinator, LeaseHolder } from "./coordinator.js";

/**
 * Leases in the `leases` table (docs/architecture.md#leases). Each operation is a single
 * conditional statement, so it is atomic on its own: taking a lease succeeds only when it is
 * free, expired, or already ours. Expiry is judged with the injected clock, so every process
 * should share real time.
 */
export class DbLeases implements LeaseCoordinator {
  readonly #writer: DatabaseWriter;
  readonly #clock: Clock;

  constructor(writer: DatabaseWriter, clock: Clock) {
    this.#writer = writer;
    this.#clock = clock;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const result = await this.#writer.transaction((tx) =>
      tx
        .insert(leases)
        .values({ name, owner, expiresAt })
        .onConflictDoUpdate({
          target: leases.name,
          set: { owner, expiresAt },
          setWhere: or(eq(leases.owner, owner), lte(leases.expiresAt, now)),
        }),
    );
    return result.rowsAffected === 1;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now();
    const result = await this.#writer.transaction((tx) =>
      tx
        .update(leases)
        .set({ expiresAt: new Date(now.getTime() + ttlMs) })
        .where(and(eq(leases.name, name), eq(leases.owner, owner), gt(leases.expiresAt, now))),
    );
    return result.rowsAffected === 1;
  }

  async release(name: string, owner: string): Promise<boolean> {
    const now = this.#clock.now();
    const result = await this.#writer.transaction((tx) =>
      tx.delete(leases).where(and(eq(leases.name, name), eq(leases.owner, owner), gt(leases.expiresAt, now))),
    );
    return result.rowsAffected === 1;
  }

  async holder(name: string): Promise<LeaseHolder | null> {
    const row = await this.#writer.db
      .select({ owner: leases.owner, expiresAt: leases.expiresAt })
      .from(leases)
      .where(and(eq(leases.name, name), gt(leases.expiresAt, this.#clock.now())))
      .get();
    return row ?? null;
  }
}
