import {
  and,
  count,
  eq,
  gt,
  ne,
  quotaReservations as q,
  sql,
  type Database,
  type DatabaseWriter,
  type WriteTransaction,
} from "@nudge/db";
import { NudgeError } from "../errors/index.js";
import type { QuotaAction } from "../settings/settings-schema.js";
import type { QuotaDecision } from "./coordinator.js";
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

/**
 * Live reservations: reserved (outcome pending or unknown) and committed both count. A literal:
 * the query then states the condition of the partial index `quota_reservations_live_idx`
 * itself, and SQLite picks that index without depending on a bound value.
 */
const LIVE = sql`${q.state} <> 'refunded'`;
const MAX_BATCH = 1_000;
const ph = sql.placeholder;

/** The live reservations of an account+action's week window, and of one day within it. */
const WINDOW_COUNTS = `select count(*), coalesce(sum(at >= ? and at < ?), 0) from quota_reservations
  where account_id = ? and action = ? and state <> 'refunded' and at > ?`;

/**
 * The ledger's other counting queries, prepared once per database they run on (the writer's
 * jobs, the shared reads): drizzle then builds no SQL when admission runs them.
 */
function windowQueries(db: Database) {
  const ofWeek = and(eq(q.accountId, ph("accountId")), eq(q.action, ph("action")), LIVE, gt(q.at, ph("weekStart")));
  return {
    db,
    /** `+` keeps SQLite on the run index: a run is small, an account's history is not. */
    run: db
      .select({ run: count() })
      .from(q)
      .where(
        and(
          eq(q.runId, ph("runId")),
          sql`+${q.accountId} = ${ph("accountId")}`,
          sql`+${q.action} = ${ph("action")}`,
          LIVE,
        ),
      )
      .prepare(),
    /** The `offset + 1`-th oldest live reservation of the week. */
    oldest: db.select({ at: q.at }).from(q).where(ofWeek).orderBy(q.at).limit(1).offset(ph("offset")).prepare(),
  };
}
type WindowQueries = ReturnType<typeof windowQueries>;

/** What only admission runs, in the writer's jobs. */
function admissionQueries(tx: WriteTransaction) {
  return {
    states: tx
      .select({ id: q.id, state: q.state })
      .from(q)
      .where(sql`${q.id} in (select value from json_each(${ph("ids")}))`)
      .prepare(),
    // One constant statement whatever the batch size: SQLite prepares it in no time.
    insert: tx
      .insert(q)
      .select(
        sql`select value ->> 0, value ->> 1, value ->> 2, value ->> 3, 'reserved', value ->> 4
            from json_each(${ph("rows")})`,
      )
      .prepare(),
  };
}

interface WindowRange {
  accountId: number;
  action: QuotaAction;
  dayStart: number;
  dayEnd: number;
  weekStart: number;
}

async function countWindows({ db }: WindowQueries, range: WindowRange): Promise<{ week: number; day: number }> {
  const { accountId, action, dayStart, dayEnd, weekStart } = range;
  const args = [dayStart, dayEnd, accountId, action, weekStart];
  // Raw, measured: as a drizzle prepared statement it cost 3–5 % of the db admission path's CPU.
  const result = await db.$client.execute({ sql: WINDOW_COUNTS, args });
  return { week: Number(result.rows[0]?.[0] ?? 0), day: Number(result.rows[0]?.[1] ?? 0) };
}

async function countRun(
  queries: WindowQueries,
  runId: string,
  accountId: number,
  action: QuotaAction,
): Promise<number> {
  const [row] = await queries.run.all({ runId, accountId, action });
  return row?.run ?? 0;
}

/** When the `k`-th oldest live reservation of the week leaves it. */
async function oldestToLeave(
  queries: WindowQueries,
  accountId: number,
  action: QuotaAction,
  weekStart: Date,
  k: number,
): Promise<Date | null> {
  if (k < 1) return null;
  const [row] = await queries.oldest.all({ accountId, action, weekStart: weekStart.getTime(), offset: k - 1 });
  return row ? new Date(row.at.getTime() + WEEK_MS) : null;
}

/**
 * The durable quota ledger: the `quota_reservations` table. It is the one place an admission
 * becomes true, for every backend (docs/architecture.md#quota-admission; why Redis never admits
 * on its own: docs/decisions/db-decided-admission.md).
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
  readonly #db: Database;
  /** Run inside the writer's jobs. */
  readonly #inJob: WindowQueries & ReturnType<typeof admissionQueries>;
  /** Run on the shared client: reads that take no lock. */
  readonly #reads: WindowQueries;
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(writer: DatabaseWriter) {
    this.#writer = writer;
    this.#db = writer.db;
    this.#inJob = writer.prepare((tx) => ({ ...windowQueries(tx), ...admissionQueries(tx) }));
    this.#reads = windowQueries(writer.db);
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
      .transaction(async () => {
        if (batch === null) {
          this.#scheduled = false;
          batch = this.#pending.splice(0, MAX_BATCH);
          if (this.#pending.length > 0) this.#schedule();
        }
        return this.#decide(batch.map((p) => p.request));
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

  /**
   * One decision (or a request's own error, which must not fail the rest of the batch) per
   * request. Runs inside a writer job: its statements are the job's prepared ones.
   */
  async #decide(requests: LedgerRequest[]): Promise<(QuotaDecision | NudgeError)[]> {
    const queries = this.#inJob;
    const existing = await this.#existingStates(requests.filter((r) => r.mayExist).map((r) => r.id));
    const outcomes: ({ allowed: boolean; counts: WindowCounts; windows: QuotaWindows } | NudgeError)[] = [];
    const inserts: LedgerRequest[] = [];
    const admitted = new Set<string>();
    const weekDenials = new Map<string, { request: LedgerRequest; week: number; weekStart: Date }>();
    const groups = new Map<string, { week: number; weekStart: Date; days: Map<number, number>; runs: Map<string, number> }>();

    for (const request of requests) {
      const windows = quotaWindows(request.at, request.timeZone);
      const { accountId, action } = request;
      const key = `${accountId}\u0000${action}`;
      let group = groups.get(key);
      const dayStart = windows.dayStart.getTime();
      const dayEnd = windows.dayEnd.getTime();
      if (!group) {
        // The week is counted once per batch from the earliest request: a few milliseconds
        // early, which can only over-count (a reservation ageing out during the batch), never under.
        const sameGroup = requests.filter((r) => r.accountId === accountId && r.action === action);
        const weekStart = new Date(Math.min(...sameGroup.map((r) => r.at.getTime())) - WEEK_MS);
        const range = { accountId, action, dayStart, dayEnd, weekStart: weekStart.getTime() };
        const counts = await countWindows(queries, range);
        group = { week: counts.week, weekStart, days: new Map([[dayStart, counts.day]]), runs: new Map() };
        groups.set(key, group);
      }
      if (!group.days.has(dayStart)) {
        // Another day in the same batch (midnight passed): its count alone, as a week that starts with it.
        const counts = await countWindows(queries, { accountId, action, dayStart, dayEnd, weekStart: dayStart - 1 });
        group.days.set(dayStart, counts.day);
      }
      if (request.runId !== null && !group.runs.has(request.runId)) {
        group.runs.set(request.runId, await countRun(queries, request.runId, accountId, action));
      }
      const counts: WindowCounts = {
        day: group.days.get(dayStart)!,
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
      group.days.set(dayStart, counts.day + 1);
      if (request.runId !== null) group.runs.set(request.runId, counts.run! + 1);
      inserts.push(request);
      admitted.add(request.id);
      const after = { day: counts.day + 1, week: counts.week + 1, run: counts.run === null ? null : counts.run + 1 };
      outcomes.push({ allowed: true, counts: after, windows });
    }

    if (inserts.length > 0) {
      const rows = inserts.map((r) => [r.id, r.accountId, r.action, r.runId, r.at.getTime()]);
      await queries.insert.run({ rows: JSON.stringify(rows) });
    }

    // Once a week window is full nothing more is admitted in it, so the count at every week
    // refusal of a group is its final count: one lookup gives when a unit frees up for all.
    const weekFreesAt = new Map<string, Date | null>();
    for (const [key, { request, week, weekStart }] of weekDenials) {
      const k = week - request.limits.perWeek + 1;
      weekFreesAt.set(key, await oldestToLeave(queries, request.accountId, request.action, weekStart, k));
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

  async #existingStates(ids: string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    if (ids.length === 0) return states;
    for (const row of await this.#inJob.states.all({ ids: JSON.stringify(ids) })) states.set(row.id, row.state);
    return states;
  }

  /** Marks a reservation committed. Committing twice is fine; committing a refunded one is a bug. */
  async commit(id: string): Promise<void> {
    const result = await this.#writer.transaction((tx) =>
      tx.update(q).set({ state: "committed" }).where(and(eq(q.id, id), ne(q.state, "refunded"))),
    );
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
    const [row] = await this.#writer.transaction((tx) =>
      tx
        .update(q)
        .set({ state: "refunded" })
        .where(and(eq(q.id, id), eq(q.state, "reserved")))
        .returning({ id: q.id, accountId: q.accountId, action: q.action, runId: q.runId, at: q.at }),
    );
    if (row) return { ...row, action: row.action as QuotaAction };
    const state = await this.#stateOf(id);
    if (state === null) throw new NudgeError("NOT_FOUND", `no quota reservation ${id}`);
    if (state === "committed") throw new NudgeError("CONFLICT", `quota reservation ${id} is committed: the action happened`);
    return null;
  }

  async #stateOf(id: string): Promise<string | null> {
    const row = await this.#db.select({ state: q.state }).from(q).where(eq(q.id, id)).get();
    return row?.state ?? null;
  }

  /** Read-only counts of one action's windows at `windows.at` (no lock, no write). */
  async counts(accountId: number, action: QuotaAction, windows: QuotaWindows, runId: string | null = null): Promise<WindowCounts> {
    const { week, day } = await countWindows(this.#reads, {
      accountId,
      action,
      dayStart: windows.dayStart.getTime(),
      dayEnd: windows.dayEnd.getTime(),
      weekStart: windows.weekStart.getTime(),
    });
    const run = runId === null ? null : await countRun(this.#reads, runId, accountId, action);
    return { day, week, run };
  }

  /** When the `k`-th oldest live reservation of the week leaves it (read-only). */
  weekFreesAt(accountId: number, action: QuotaAction, weekStart: Date, k: number): Promise<Date | null> {
    return oldestToLeave(this.#reads, accountId, action, weekStart, k);
  }

  /** Live reservations since `since`, oldest first: what a cache is rebuilt from. */
  async liveSince(accountId: number, action: QuotaAction, since: Date): Promise<LedgerRow[]> {
    const rows = await this.#db
      .select({ id: q.id, accountId: q.accountId, action: q.action, runId: q.runId, at: q.at })
      .from(q)
      .where(and(eq(q.accountId, accountId), eq(q.action, action), LIVE, gt(q.at, since)))
      .orderBy(q.at);
    return rows.map((row) => ({ ...row, action: row.action as QuotaAction }));
  }
}
