import { randomUUID } from "node:crypto";
import { accounts, breakerStates, eq, type Database, type DatabaseWriter, type WriteTransaction } from "@nudge/db";
import type { Logger } from "pino";
import { setSessionStatus } from "../accounts/session-status.js";
import { notify } from "../notifications/notify.js";
import type { Clock } from "../time/clock.js";
import { classifyFailure } from "./classify-failure.js";
import type { BreakerCoordinator, BreakerPermit, BreakerSnapshot, BreakerState } from "./coordinator.js";
import { BREAKER_STATE_VALUE, type CoordinationMetrics } from "./coordination-metrics.js";
import {
  CLOSED_BREAKER,
  recordFailure,
  recordSuccess,
  requestPermit,
  SESSION_EXPIRED_REASON,
  type BreakerRecord,
} from "./breaker-rules.js";
import type { AccountPolicies } from "./quota-policy.js";

type BreakerRow = typeof breakerStates.$inferSelect;

function toRecord(row: BreakerRow | undefined): BreakerRecord {
  if (!row) return { ...CLOSED_BREAKER };
  return {
    state: row.state,
    reason: row.reason,
    hard: row.hard,
    consecutiveFailures: row.consecutiveFailures,
    trips: row.trips,
    openedAt: row.openedAt,
    until: row.until,
    probeOwner: row.probeOwner,
    probeExpiresAt: row.probeExpiresAt,
  };
}

function breakerRow(db: Database, accountId: number): Promise<BreakerRow | undefined> {
  return db.select().from(breakerStates).where(eq(breakerStates.accountId, accountId)).get();
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
 * The circuit breaker of every account (docs/architecture.md#circuit-breaker), in
 * `breaker_states`. The database row is the only truth,
 * whichever coordinator is in use: a restart (or another process) reads the same state, and
 * there is no cache that could show "closed" while another process has just opened it. Breaker
 * traffic is one read per action (seconds apart) and a write on each change, which any database
 * serves; Redis would add a second copy to keep in step for nothing.
 */
export class BreakerStore implements BreakerCoordinator {
  readonly #writer: DatabaseWriter;
  readonly #db: Database;
  readonly #policies: AccountPolicies;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #metrics: CoordinationMetrics;
  readonly #probeTimeoutMs: number;

  constructor(options: BreakerStoreOptions) {
    this.#writer = options.writer;
    this.#db = this.#writer.db;
    this.#policies = options.policies;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#metrics = options.metrics;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 10 * 60_000;
  }

  async state(accountId: number): Promise<BreakerSnapshot> {
    return this.#snapshot(accountId, toRecord(await breakerRow(this.#db, accountId)));
  }

  async permit(accountId: number): Promise<BreakerPermit> {
    const permitId = randomUUID();
    // The common case, a closed breaker, needs no write and no lock.
    const current = await this.state(accountId);
    if (current.state === "closed") return { allowed: true, probe: false, permitId };
    return this.#change(accountId, async (record, tx) => {
      const now = this.#clock.now();
      if (
        record.state === "open" &&
        record.reason === SESSION_EXPIRED_REASON &&
        (await this.#sessionRenewedSince(tx, accountId, record.openedAt))
      ) {
        this.#log?.info({ accountId }, "circuit breaker closed: the session was renewed");
        return { record: { ...CLOSED_BREAKER }, result: { allowed: true, probe: false, permitId } };
      }
      const { record: next, permit } = requestPermit(record, now, permitId, this.#probeTimeoutMs);
      if (permit.allowed && permit.probe)
        this.#log?.info({ accountId, permitId }, "circuit breaker half-open: one probe action allowed");
      return { record: next, result: permit };
    });
  }

  async recordSuccess(accountId: number, permitId?: string): Promise<BreakerSnapshot> {
    const current = await this.state(accountId);
    if (current.state === "closed" && current.consecutiveFailures === 0) return current;
    return this.#change(accountId, (record) => {
      const next = recordSuccess(record, permitId);
      if (record.state !== "closed" && next.state === "closed")
        this.#log?.info({ accountId }, "circuit breaker closed: the probe action succeeded");
      return Promise.resolve({ record: next, result: null });
    }).then(() => this.state(accountId));
  }

  async recordFailure(accountId: number, failure: unknown): Promise<BreakerSnapshot> {
    const classification = classifyFailure(failure);
    if (classification.class === "none") return this.state(accountId);
    const policy = await this.#policies.get(accountId);
    await this.#change(accountId, async (record, tx) => {
      const now = this.#clock.now();
      const { record: next, tripped } = recordFailure(record, classification, now, policy.settings.breaker);
      if (classification.class === "session_expired") await setSessionStatus(tx, accountId, "expired", now);
      if (tripped) {
        this.#metrics.breakerTrips.inc({ reason: classification.class });
        this.#log?.warn(
          {
            accountId,
            reason: next.reason,
            hard: next.hard,
            until: next.until?.toISOString() ?? null,
            trips: next.trips,
          },
          "circuit breaker opened: no action on this account until it closes",
        );
      }
      return { record: next, result: null };
    });
    return this.state(accountId);
  }

  async reset(accountId: number, by: { reason: string; by: string }): Promise<BreakerSnapshot> {
    let previous: BreakerRecord | null = null;
    await this.#change(accountId, (record) => {
      previous = record;
      return Promise.resolve({ record: { ...CLOSED_BREAKER }, result: null });
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
    return this.#db.select({ accountId: breakerStates.accountId, state: breakerStates.state }).from(breakerStates);
  }

  /** Reads, transforms and writes one account's breaker in one write transaction. */
  async #change<T>(
    accountId: number,
    transform: (record: BreakerRecord, tx: WriteTransaction) => Promise<{ record: BreakerRecord; result: T }>,
  ): Promise<T> {
    const { record, result } = await this.#writer.transaction(async (tx) => {
      const before = toRecord(await breakerRow(tx, accountId));
      const after = await transform(before, tx);
      if (!sameRecord(before, after.record)) {
        const values = { ...after.record, updatedAt: this.#clock.now() };
        await tx
          .insert(breakerStates)
          .values({ accountId, ...values })
          .onConflictDoUpdate({ target: breakerStates.accountId, set: values });
        await notifyBreakerChange(tx, accountId, before, after.record, values.updatedAt);
      }
      return after;
    });
    this.#metrics.breakerState.set({ account: String(accountId) }, BREAKER_STATE_VALUE[record.state]);
    return result;
  }

  async #sessionRenewedSince(tx: WriteTransaction, accountId: number, openedAt: Date | null): Promise<boolean> {
    const session = await tx
      .select({ status: accounts.sessionStatus, checkedAt: accounts.sessionCheckedAt })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get();
    if (session?.status !== "valid") return false;
    return openedAt === null || (session.checkedAt !== null && session.checkedAt > openedAt);
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

/**
 * Opening (from closed) and closing, told in the transaction that records them. An opening for
 * an expired session is not told twice: `setSessionStatus` says "session expired".
 */
async function notifyBreakerChange(
  tx: WriteTransaction,
  accountId: number,
  before: BreakerRecord,
  after: BreakerRecord,
  at: Date,
): Promise<void> {
  if (before.state === "closed" && after.state === "open" && after.reason !== SESSION_EXPIRED_REASON)
    await notify(tx, {
      accountId,
      type: "breaker.opened",
      data: { reason: after.reason, hard: after.hard, until: after.until?.toISOString() ?? null, trips: after.trips },
      at,
    });
  else if (before.state !== "closed" && after.state === "closed")
    await notify(tx, { accountId, type: "breaker.closed", data: { previousReason: before.reason }, at });
}
