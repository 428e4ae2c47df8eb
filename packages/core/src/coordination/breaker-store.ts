import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Clock } from "../time/clock.js";
import { classifyFailure } from "./classify-failure.js";
import type { BreakerCoordinator, BreakerPermit, BreakerSnapshot, BreakerState } from "./coordinator.js";
import { BREAKER_STATE_VALUE, type CoordinationMetrics } from "./coordination-metrics.js";
import type { DatabaseWriter, SqlClient, WriteTransaction } from "./database-writer.js";
import {
  CLOSED_BREAKER,
  recordFailure,
  recordSuccess,
  requestPermit,
  SESSION_EXPIRED_REASON,
  type BreakerRecord,
} from "./breaker-rules.js";
import type { AccountPolicies } from "./quota-policy.js";

const COLUMNS = "state, reason, hard, consecutive_failures, trips, opened_at, until, probe_owner, probe_expires_at";

function toDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}

function toRecord(row: Record<number, unknown> | undefined): BreakerRecord {
  if (!row) return { ...CLOSED_BREAKER };
  return {
    state: String(row[0]) as BreakerState,
    reason: row[1] === null ? null : String(row[1]),
    hard: Number(row[2]) === 1,
    consecutiveFailures: Number(row[3]),
    trips: Number(row[4]),
    openedAt: toDate(row[5]),
    until: toDate(row[6]),
    probeOwner: row[7] === null ? null : String(row[7]),
    probeExpiresAt: toDate(row[8]),
  };
}

function sameRecord(a: BreakerRecord, b: BreakerRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface BreakerStoreOptions {
  writer: DatabaseWriter;
  policies: AccountPolicies;
  clock: Clock;
  logger?: Logger;
  metrics: CoordinationMetrics;
  /** How long a half-open probe may take before another one is allowed (its process may have died). */
  probeTimeoutMs?: number;
}

/**
 * The circuit breaker of every account, in `breaker_states`. The database row is the only truth,
 * whichever coordinator is in use: a restart (or another process) reads the same state, and
 * there is no cache that could show "closed" while another process has just opened it. Breaker
 * traffic is one read per action (seconds apart) and a write on each change, which any database
 * serves; Redis would add a second copy to keep in step for nothing.
 */
export class BreakerStore implements BreakerCoordinator {
  readonly #writer: DatabaseWriter;
  readonly #client: SqlClient;
  readonly #policies: AccountPolicies;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #metrics: CoordinationMetrics;
  readonly #probeTimeoutMs: number;

  constructor(options: BreakerStoreOptions) {
    this.#writer = options.writer;
    this.#client = this.#writer.client;
    this.#policies = options.policies;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#metrics = options.metrics;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 10 * 60_000;
  }

  async state(accountId: number): Promise<BreakerSnapshot> {
    const result = await this.#client.execute({ sql: `select ${COLUMNS} from breaker_states where account_id = ?`, args: [accountId] });
    return this.#snapshot(accountId, toRecord(result.rows[0]));
  }

  async permit(accountId: number): Promise<BreakerPermit> {
    const permitId = randomUUID();
    // The common case, a closed breaker, needs no write and no lock.
    const current = await this.state(accountId);
    if (current.state === "closed") return { allowed: true, probe: false, permitId };
    return this.#change(accountId, async (record, tx) => {
      const now = this.#clock.now();
      if (record.state === "open" && record.reason === SESSION_EXPIRED_REASON && (await this.#sessionRenewedSince(tx, accountId, record.openedAt))) {
        this.#log?.info({ accountId }, "circuit breaker closed: the session was renewed");
        return { record: { ...CLOSED_BREAKER }, result: { allowed: true, probe: false, permitId } };
      }
      const { record: next, permit } = requestPermit(record, now, permitId, this.#probeTimeoutMs);
      if (permit.allowed && permit.probe) this.#log?.info({ accountId, permitId }, "circuit breaker half-open: one probe action allowed");
      return { record: next, result: permit };
    });
  }

  async recordSuccess(accountId: number, permitId?: string): Promise<BreakerSnapshot> {
    const current = await this.state(accountId);
    if (current.state === "closed" && current.consecutiveFailures === 0) return current;
    return this.#change(accountId, async (record) => {
      const next = recordSuccess(record, permitId);
      if (record.state !== "closed" && next.state === "closed") this.#log?.info({ accountId }, "circuit breaker closed: the probe action succeeded");
      return { record: next, result: null };
    }).then(() => this.state(accountId));
  }

  async recordFailure(accountId: number, failure: unknown): Promise<BreakerSnapshot> {
    const classification = classifyFailure(failure);
    if (classification.class === "none") return this.state(accountId);
    const policy = await this.#policies.get(accountId);
    await this.#change(accountId, async (record, tx) => {
      const now = this.#clock.now();
      const { record: next, tripped } = recordFailure(record, classification, now, policy.settings.breaker);
      if (classification.class === "session_expired") {
        await tx.execute({ sql: "update accounts set session_status = 'expired', session_checked_at = ? where id = ?", args: [now.getTime(), accountId] });
      }
      if (tripped) {
        this.#metrics.breakerTrips.inc({ reason: classification.class });
        this.#log?.warn(
          { accountId, reason: next.reason, hard: next.hard, until: next.until?.toISOString() ?? null, trips: next.trips },
          "circuit breaker opened: no action on this account until it closes",
        );
      }
      return { record: next, result: null };
    });
    return this.state(accountId);
  }

  async reset(accountId: number, by: { reason: string; by: string }): Promise<BreakerSnapshot> {
    let previous: BreakerRecord | null = null;
    await this.#change(accountId, async (record) => {
      previous = record;
      return { record: { ...CLOSED_BREAKER }, result: null };
    });
    const before = previous as BreakerRecord | null;
    this.#log?.warn(
      { accountId, by: by.by, reason: by.reason, previousState: before?.state, previousReason: before?.reason ?? null },
      "circuit breaker reset by a person",
    );
    return this.state(accountId);
  }

  /** Every account's breaker state, for the metrics refresh. */
  async all(): Promise<{ accountId: number; state: BreakerState }[]> {
    const result = await this.#client.execute("select account_id, state from breaker_states");
    return result.rows.map((row) => ({ accountId: Number(row[0]), state: String(row[1]) as BreakerState }));
  }

  /** Reads, transforms and writes one account's breaker in one write transaction. */
  async #change<T>(
    accountId: number,
    transform: (record: BreakerRecord, tx: WriteTransaction) => Promise<{ record: BreakerRecord; result: T }>,
  ): Promise<T> {
    const { record, result } = await this.#writer.transaction(async (tx) => {
      const read = await tx.execute({ sql: `select ${COLUMNS} from breaker_states where account_id = ?`, args: [accountId] });
      const before = toRecord(read.rows[0]);
      const after = await transform(before, tx);
      if (!sameRecord(before, after.record)) {
        const r = after.record;
        const values = [r.state, r.reason, r.hard ? 1 : 0, r.consecutiveFailures, r.trips, r.openedAt?.getTime() ?? null, r.until?.getTime() ?? null, r.probeOwner, r.probeExpiresAt?.getTime() ?? null];
        await tx.execute({
          sql: `insert into breaker_states (account_id, ${COLUMNS}, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id) do update set state = excluded.state, reason = excluded.reason, hard = excluded.hard,
                  consecutive_failures = excluded.consecutive_failures, trips = excluded.trips, opened_at = excluded.opened_at,
                  until = excluded.until, probe_owner = excluded.probe_owner, probe_expires_at = excluded.probe_expires_at,
                  updated_at = excluded.updated_at`,
          args: [accountId, ...values, this.#clock.now().getTime()],
        });
      }
      return after;
    });
    this.#metrics.breakerState.set({ account: String(accountId) }, BREAKER_STATE_VALUE[record.state]);
    return result;
  }

  async #sessionRenewedSince(tx: WriteTransaction, accountId: number, openedAt: Date | null): Promise<boolean> {
    const result = await tx.execute({ sql: "select session_status, session_checked_at from accounts where id = ?", args: [accountId] });
    const row = result.rows[0];
    if (!row || String(row[0]) !== "valid") return false;
    const checkedAt = toDate(row[1]);
    return openedAt === null || (checkedAt !== null && checkedAt > openedAt);
  }

  #snapshot(accountId: number, record: BreakerRecord): BreakerSnapshot {
    return {
      accountId,
      state: record.state,
      reason: record.reason,
      hard: record.hard,
      openedAt: record.openedAt,
      until: record.until,
      consecutiveFailures: record.consecutiveFailures,
      trips: record.trips,
    };
  }
}
