import type { Clock } from "../time/clock.js";
import type { LeaseCoordinator, LeaseHolder } from "./coordinator.js";
import type { DatabaseWriter } from "./database-writer.js";

/**
 * Leases in the `leases` table. Each operation is a single conditional statement, so it is
 * atomic on its own: taking a lease succeeds only when it is free, expired, or already ours.
 * Expiry is judged with the injected clock, so every process should share real time.
 */
export class DbLeases implements LeaseCoordinator {
  readonly #writer: DatabaseWriter;
  readonly #clock: Clock;

  constructor(writer: DatabaseWriter, clock: Clock) {
    this.#writer = writer;
    this.#clock = clock;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const result = await this.#writer.execute(
      `insert into leases (name, owner, expires_at) values (?, ?, ?)
       on conflict (name) do update set owner = excluded.owner, expires_at = excluded.expires_at
       where leases.owner = excluded.owner or leases.expires_at <= ?`,
      [name, owner, now + ttlMs, now],
    );
    return result.rowsAffected === 1;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const result = await this.#writer.execute("update leases set expires_at = ? where name = ? and owner = ? and expires_at > ?", [
      now + ttlMs,
      name,
      owner,
      now,
    ]);
    return result.rowsAffected === 1;
  }

  async release(name: string, owner: string): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const result = await this.#writer.execute("delete from leases where name = ? and owner = ? and expires_at > ?", [name, owner, now]);
    return result.rowsAffected === 1;
  }

  async holder(name: string): Promise<LeaseHolder | null> {
    const now = this.#clock.now().getTime();
    const result = await this.#writer.client.execute({ sql: "select owner, expires_at from leases where name = ? and expires_at > ?", args: [name, now] });
    const row = result.rows[0];
    return row ? { owner: String(row[0]), expiresAt: new Date(Number(row[1])) } : null;
  }
}
