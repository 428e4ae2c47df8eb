import { NudgeError } from "../errors/index.js";
import type { QuotaAction } from "../settings/settings-schema.js";
import type { QuotaDecision } from "./coordinator.js";
import type { DatabaseWriter, SqlClient, WriteTransaction } from "./database-writer.js";
import {
  fitsEveryWindow,
  quotaDecision,
  quotaWindows,
  WEEK_MS,
  type QuotaLimits,
  type QuotaWindows,
  type WindowCounts,
} from "./quota-policy.js";

export interface LedgerRequest {
  id: string;
  accountId: number;
  action: QuotaAction;
  runId: string | null;
  /** The reservation's instant: the windows are those of this instant. */
  at: Date;
  timeZone: string;
  limits: QuotaLimits;
  /** The id may already be in the ledger (a retry after a lost reply): it is then admitted once, not twice. */
  mayExist?: boolean;
}

export interface LedgerRow {
  id: string;
  accountId: number;
  action: QuotaAction;
  runId: string | null;
  at: Date;
}

interface Pending {
  request: LedgerRequest;
  resolve(decision: QuotaDecision): void;
  reject(error: unknown): void;
}

/** Live reservations: reserved (outcome pending or unknown) and committed both count. */
const LIVE = "state <> 'refunded'";
const MAX_BATCH = 1_000;
/** `+` keeps SQLite on the run index: a run is small, an account's history is not. */
const RUN_COUNT = `select count(*) from quota_reservations where run_id = ? and +account_id = ? and +action = ? and ${LIVE}`;

async function countOf(tx: WriteTransaction | SqlClient, sql: string, args: (string | number)[]): Promise<number> {
  const result = await tx.execute({ sql, args });
  return Number(result.rows[0]?.[0] ?? 0);
}

/**
 * The durable quota ledger: the `quota_reservations` table. It is the one place an admission
 * becomes true, for every backend (see `redis-coordinator.ts` for why Redis never admits on its
 * own).
 *
 * Each admission is decided inside a `BEGIN IMMEDIATE` transaction that counts the live
 * reservations of every window and inserts the new one. SQLite runs write transactions one at a
 * time across all processes sharing the file (and a libsql server does the same for its
 * clients), so no two admissions can both see the last free unit. Requests that arrive while a
 * transaction is running are decided together in the next one (group commit), in arrival order,
 * with the counts carried from one to the next: one transaction per batch instead of one per
 * reservation, with the same result as deciding them one by one.
 */
export class QuotaLedger {
  readonly #writer: DatabaseWriter;
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(writer: DatabaseWriter) {
    this.#writer = writer;
  }

  admit(request: LedgerRequest): Promise<QuotaDecision> {
    return new Promise<QuotaDecision>((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      if (!this.#scheduled) this.#schedule();
    });
  }

  #schedule(): void {
    this.#scheduled = true;
    // The batch is taken when the writer gets to this job, not now: everything that arrived
    // meanwhile goes in the same transaction. A retried job keeps the batch it took.
    let batch: Pending[] | null = null;
    this.#writer
      .transaction(async (tx) => {
        if (batch === null) {
          this.#scheduled = false;
          batch = this.#pending.splice(0, MAX_BATCH);
          if (this.#pending.length > 0) this.#schedule();
        }
        return this.#decide(tx, batch.map((p) => p.request));
      })
      .then(
        (decisions) =>
          batch!.forEach((p, i) => {
            const decision = decisions[i]!;
            if (decision instanceof Error) p.reject(decision);
            else p.resolve(decision);
          }),
        (error: unknown) => {
          for (const p of batch ?? []) p.reject(error);
          // Never taken (the writer failed before running it): fail what is waiting.
          if (batch === null) {
            this.#scheduled = false;
            for (const p of this.#pending.splice(0)) p.reject(error);
          }
        },
      );
  }

  /** One decision (or a request's own error, which must not fail the rest of the batch) per request. */
  async #decide(tx: WriteTransaction, requests: LedgerRequest[]): Promise<(QuotaDecision | NudgeError)[]> {
    const existing = await this.#existingStates(tx, requests.filter((r) => r.mayExist).map((r) => r.id));
    const outcomes: ({ allowed: boolean; counts: WindowCounts; windows: QuotaWindows } | NudgeError)[] = [];
    const inserts: LedgerRequest[] = [];
    const admitted = new Set<string>();
    const weekDenials = new Map<string, { request: LedgerRequest; week: number; weekStart: Date }>();
    const groups = new Map<string, { week: number; weekStart: Date; days: Map<number, number>; runs: Map<string, number> }>();

    for (const request of requests) {
      const windows = quotaWindows(request.at, request.timeZone);
      const key = `${request.accountId}\u0000${request.action}`;
      let group = groups.get(key);
      const dayKey = windows.dayStart.getTime();
      if (!group) {
        // The week is counted once per batch from the earliest request: a few milliseconds
        // early, which can only over-count (a reservation ageing out during the batch), never under.
        const earliest = Math.min(...requests.filter((r) => r.accountId === request.accountId && r.action === request.action).map((r) => r.at.getTime()));
        const weekStart = new Date(earliest - WEEK_MS);
        const counts = await tx.execute({
          sql: `select count(*), coalesce(sum(at >= ? and at < ?), 0) from quota_reservations
                where account_id = ? and action = ? and ${LIVE} and at > ?`,
          args: [dayKey, windows.dayEnd.getTime(), request.accountId, request.action, weekStart.getTime()],
        });
        group = { week: Number(counts.rows[0]?.[0] ?? 0), weekStart, days: new Map([[dayKey, Number(counts.rows[0]?.[1] ?? 0)]]), runs: new Map() };
        groups.set(key, group);
      }
      if (!group.days.has(dayKey)) {
        group.days.set(
          dayKey,
          await countOf(
            tx,
            `select count(*) from quota_reservations where account_id = ? and action = ? and ${LIVE} and at >= ? and at < ?`,
            [request.accountId, request.action, dayKey, windows.dayEnd.getTime()],
          ),
        );
      }
      if (request.runId !== null && !group.runs.has(request.runId)) {
        group.runs.set(
          request.runId,
          await countOf(tx, RUN_COUNT, [
            request.runId,
            request.accountId,
            request.action,
          ]),
        );
      }
      const counts: WindowCounts = {
        day: group.days.get(dayKey)!,
        week: group.week,
        run: request.runId === null ? null : group.runs.get(request.runId)!,
      };
      const state = existing.get(request.id);
      if (state === "refunded") {
        outcomes.push(new NudgeError("CONFLICT", `quota reservation ${request.id} was refunded; reserve again with a new id`));
        continue;
      }
      if (state !== undefined || admitted.has(request.id)) {
        // Already reserved (earlier, or by a twin request in this batch): admitted once, not twice.
        outcomes.push({ allowed: true, counts, windows });
        continue;
      }
      if (!fitsEveryWindow(counts, request.limits)) {
        outcomes.push({ allowed: false, counts, windows });
        if (counts.week >= request.limits.perWeek) weekDenials.set(key, { request, week: counts.week, weekStart: group.weekStart });
        continue;
      }
      group.week += 1;
      group.days.set(dayKey, counts.day + 1);
      if (request.runId !== null) group.runs.set(request.runId, counts.run! + 1);
      inserts.push(request);
      admitted.add(request.id);
      outcomes.push({ allowed: true, counts: { day: counts.day + 1, week: counts.week + 1, run: counts.run === null ? null : counts.run + 1 }, windows });
    }

    if (inserts.length > 0) {
      // One constant statement whatever the batch size: SQLite prepares it in no time.
      await tx.execute({
        sql: `insert into quota_reservations (id, account_id, action, run_id, state, at)
              select value ->> 0, value ->> 1, value ->> 2, value ->> 3, 'reserved', value ->> 4 from json_each(?)`,
        args: [JSON.stringify(inserts.map((r) => [r.id, r.accountId, r.action, r.runId, r.at.getTime()]))],
      });
    }

    // Once a week window is full nothing more is admitted in it, so the count at every week
    // refusal of a group is its final count: one lookup gives when a unit frees up for all.
    const weekFreesAt = new Map<string, Date | null>();
    for (const [key, denial] of weekDenials) {
      weekFreesAt.set(
        key,
        await oldestToLeave(tx, denial.request.accountId, denial.request.action, denial.weekStart, denial.week - denial.request.limits.perWeek + 1),
      );
    }

    return requests.map((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof NudgeError) return outcome;
      return quotaDecision({
        allowed: outcome.allowed,
        reservationId: outcome.allowed ? request.id : undefined,
        counts: outcome.counts,
        limits: request.limits,
        windows: outcome.windows,
        weekFreesAt: weekFreesAt.get(`${request.accountId}\u0000${request.action}`) ?? null,
      });
    });
  }

  async #existingStates(tx: WriteTransaction, ids: string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    if (ids.length === 0) return states;
    const result = await tx.execute({
      sql: "select id, state from quota_reservations where id in (select value from json_each(?))",
      args: [JSON.stringify(ids)],
    });
    for (const row of result.rows) states.set(String(row[0]), String(row[1]));
    return states;
  }

  /** Marks a reservation committed. Committing twice is fine; committing a refunded one is a bug. */
  async commit(id: string): Promise<void> {
    const result = await this.#writer.execute(`update quota_reservations set state = 'committed' where id = ? and state <> 'refunded'`, [id]);
    if (result.rowsAffected === 1) return;
    const state = await this.#stateOf(id);
    if (state === null) throw new NudgeError("NOT_FOUND", `no quota reservation ${id}`);
    throw new NudgeError("CONFLICT", `quota reservation ${id} was refunded and cannot be committed`);
  }

  /**
   * Gives a reservation back. Returns the row when this call refunded it (so a cache can drop
   * it), null when it already was refunded. A committed reservation cannot be refunded: the
   * action happened.
   */
  async refund(id: string): Promise<LedgerRow | null> {
    const result = await this.#writer.execute(
      `update quota_reservations set state = 'refunded' where id = ? and state = 'reserved' returning id, account_id, action, run_id, at`,
      [id],
    );
    const row = result.rows[0];
    if (row) return toLedgerRow(row);
    const state = await this.#stateOf(id);
    if (state === null) throw new NudgeError("NOT_FOUND", `no quota reservation ${id}`);
    if (state === "committed") throw new NudgeError("CONFLICT", `quota reservation ${id} is committed: the action happened`);
    return null;
  }

  async #stateOf(id: string): Promise<string | null> {
    const result = await this.#writer.client.execute({ sql: "select state from quota_reservations where id = ?", args: [id] });
    const row = result.rows[0];
    return row ? String(row[0]) : null;
  }

  /** Read-only counts of one action's windows at `windows.at` (no lock, no write). */
  async counts(accountId: number, action: QuotaAction, windows: QuotaWindows, runId: string | null = null): Promise<WindowCounts> {
    const client = this.#writer.client;
    const result = await client.execute({
      sql: `select count(*), coalesce(sum(at >= ? and at < ?), 0) from quota_reservations
            where account_id = ? and action = ? and ${LIVE} and at > ?`,
      args: [windows.dayStart.getTime(), windows.dayEnd.getTime(), accountId, action, windows.weekStart.getTime()],
    });
    const week = Number(result.rows[0]?.[0] ?? 0);
    const day = Number(result.rows[0]?.[1] ?? 0);
    const run =
      runId === null
        ? null
        : await countOf(client, RUN_COUNT, [
            runId,
            accountId,
            action,
          ]);
    return { day, week, run };
  }

  /** When the `k`-th oldest live reservation of the week leaves it (read-only). */
  weekFreesAt(accountId: number, action: QuotaAction, weekStart: Date, k: number): Promise<Date | null> {
    return oldestToLeave(this.#writer.client, accountId, action, weekStart, k);
  }

  /** Live reservations since `since`, oldest first: what a cache is rebuilt from. */
  async liveSince(accountId: number, action: QuotaAction, since: Date): Promise<LedgerRow[]> {
    const result = await this.#writer.client.execute({
      sql: `select id, account_id, action, run_id, at from quota_reservations
            where account_id = ? and action = ? and ${LIVE} and at > ? order by at`,
      args: [accountId, action, since.getTime()],
    });
    return result.rows.map(toLedgerRow);
  }
}

async function oldestToLeave(
  tx: WriteTransaction | SqlClient,
  accountId: number,
  action: QuotaAction,
  weekStart: Date,
  k: number,
): Promise<Date | null> {
  if (k < 1) return null;
  const result = await tx.execute({
    sql: `select at from quota_reservations where account_id = ? and action = ? and ${LIVE} and at > ? order by at limit 1 offset ?`,
    args: [accountId, action, weekStart.getTime(), k - 1],
  });
  const at = result.rows[0]?.[0];
  return at === undefined || at === null ? null : new Date(Number(at) + WEEK_MS);
}

function toLedgerRow(row: Record<number, unknown>): LedgerRow {
  return {
    id: String(row[0]),
    accountId: Number(row[1]),
    action: String(row[2]) as QuotaAction,
    runId: row[3] === null || row[3] === undefined ? null : String(row[3]),
    at: new Date(Number(row[4])),
  };
}
