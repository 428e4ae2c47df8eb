import {
  and,
  asc,
  campaignRuns,
  desc,
  eq,
  inArray,
  lt,
  single,
  sql,
  type CampaignKind,
  type CampaignRun,
  type Database,
  type RunStatus,
} from "@nudge/db";
import { notExists } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { NudgeError } from "../errors/index.js";
import { afterCursor, toPage, type Page } from "../contacts/keyset-cursor.js";
import { MAX_PAGE_SIZE } from "../contacts/contact-queries.js";
import { ACTIVE_RUN_STATUSES, EXECUTING_RUN_STATUSES, type FinalRunStatus, type RunCounters } from "./run-model.js";
import { notify } from "../notifications/notify.js";
import { writeTransaction } from "./write.js";

/**
 * The `campaign_runs` table as a durable job queue. Every state change is one conditional
 * statement in a write transaction, so any number of workers in any number of processes can
 * share it: a claim only takes a queued run of an account with nothing executing, the database's
 * partial unique index refuses a second executing run per account whatever happens, and a
 * lease only moves for its owner (docs/architecture.md#processes-and-roles).
 */

export interface RunFilter {
  accountId?: number | undefined;
  kind?: CampaignKind | undefined;
  status?: RunStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function getRun(db: Database, id: number): Promise<CampaignRun> {
  const row = await db.select().from(campaignRuns).where(eq(campaignRuns.id, id)).get();
  if (!row) throw new NudgeError("NOT_FOUND", `run ${id} not found`);
  return row;
}

/** Runs of an account that are queued or executing, oldest first. */
export function activeRuns(db: Database, accountId: number): Promise<CampaignRun[]> {
  return db
    .select()
    .from(campaignRuns)
    .where(and(eq(campaignRuns.accountId, accountId), inArray(campaignRuns.status, [...ACTIVE_RUN_STATUSES])))
    .orderBy(asc(campaignRuns.createdAt), asc(campaignRuns.id));
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listRuns(db: Database, filter: RunFilter): Promise<Page<CampaignRun>> {
  const limit = Math.min(Math.max(1, filter.limit), MAX_PAGE_SIZE);
  const where = [
    filter.accountId === undefined ? undefined : eq(campaignRuns.accountId, filter.accountId),
    filter.kind === undefined ? undefined : eq(campaignRuns.kind, filter.kind),
    filter.status === undefined ? undefined : eq(campaignRuns.status, filter.status),
    filter.cursor ? afterCursor(filter.cursor, campaignRuns.createdAt, campaignRuns.id) : undefined,
  ];
  const rows = await db
    .select()
    .from(campaignRuns)
    .where(and(...where))
    .orderBy(desc(campaignRuns.createdAt), desc(campaignRuns.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.createdAt.getTime(), id: r.id }));
}

const executing = alias(campaignRuns, "executing");

/**
 * Claims the oldest queued run whose account has nothing executing, for `owner` until
 * `leaseUntil`. Null when there is none (or another worker got it first).
 */
export async function claimNextRun(
  db: Database,
  owner: string,
  now: Date,
  leaseUntil: Date,
): Promise<CampaignRun | null> {
  return writeTransaction(db, async (tx) => {
    const candidate = await tx
      .select({ id: campaignRuns.id })
      .from(campaignRuns)
      .where(
        and(
          eq(campaignRuns.status, "queued"),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(executing)
              .where(
                and(
                  eq(executing.accountId, campaignRuns.accountId),
                  inArray(executing.status, [...EXECUTING_RUN_STATUSES]),
                ),
              ),
          ),
        ),
      )
      .orderBy(asc(campaignRuns.createdAt), asc(campaignRuns.id))
      .limit(1)
      .get();
    if (!candidate) return null;
    const [claimed] = await tx
      .update(campaignRuns)
      .set({ status: "running", leaseOwner: owner, leaseExpiresAt: leaseUntil, startedAt: now })
      .where(and(eq(campaignRuns.id, candidate.id), eq(campaignRuns.status, "queued")))
      .returning();
    return claimed ?? null;
  });
}

/**
 * Extends the owner's lease. Returns the run's status (a person may have asked to cancel it), or
 * null when the lease is no longer the owner's: the run was reaped as interrupted, stop at once.
 */
export async function renewRunLease(
  db: Database,
  id: number,
  owner: string,
  leaseUntil: Date,
): Promise<RunStatus | null> {
  const [row] = await writeTransaction(db, (tx) =>
    tx
      .update(campaignRuns)
      .set({ leaseExpiresAt: leaseUntil })
      .where(
        and(
          eq(campaignRuns.id, id),
          eq(campaignRuns.leaseOwner, owner),
          inArray(campaignRuns.status, [...EXECUTING_RUN_STATUSES]),
        ),
      )
      .returning({ status: campaignRuns.status }),
  );
  return row?.status ?? null;
}

export interface RunOutcome {
  status: FinalRunStatus;
  counters: RunCounters;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** Ends an executing run, if the lease is still the owner's; null otherwise. */
export async function finishRun(
  db: Database,
  id: number,
  owner: string,
  outcome: RunOutcome,
  at: Date,
): Promise<CampaignRun | null> {
  const [row] = await writeTransaction(db, async (tx) => {
    const rows = await tx
      .update(campaignRuns)
      .set({
        status: outcome.status,
        counters: outcome.counters,
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
        finishedAt: at,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(
        and(
          eq(campaignRuns.id, id),
          eq(campaignRuns.leaseOwner, owner),
          inArray(campaignRuns.status, [...EXECUTING_RUN_STATUSES]),
        ),
      )
      .returning();
    for (const run of rows) await notifyRunEnd(tx, run, at);
    return rows;
  });
  return row ?? null;
}

/** Saves an executing run's counters as they move (the panel's live progress). */
export async function saveRunCounters(tx: Database, id: number, counters: RunCounters): Promise<void> {
  await tx.update(campaignRuns).set({ counters }).where(eq(campaignRuns.id, id));
}

/**
 * A person cancels: a queued run is cancelled at once; an executing one becomes `cancelling`
 * and stops at its next safe point (between actions). Final runs are left as they are.
 */
export async function requestRunCancel(db: Database, id: number, at: Date): Promise<CampaignRun> {
  return writeTransaction(db, async (tx) => {
    const row = await tx.select().from(campaignRuns).where(eq(campaignRuns.id, id)).get();
    if (!row) throw new NudgeError("NOT_FOUND", `run ${id} not found`);
    if (row.status === "queued") {
      return single(
        await tx
          .update(campaignRuns)
          .set({ status: "cancelled", finishedAt: at, errorMessage: "cancelled before it started" })
          .where(eq(campaignRuns.id, id))
          .returning(),
      );
    }
    if (row.status === "running") {
      return single(
        await tx.update(campaignRuns).set({ status: "cancelling" }).where(eq(campaignRuns.id, id)).returning(),
      );
    }
    return row;
  });
}

/**
 * Marks `interrupted` every executing run whose lease ran out (its worker crashed, was killed,
 * or lost the database). Returns them; their unfinished actions are settled by the caller.
 */
export async function reapExpiredRuns(db: Database, now: Date): Promise<CampaignRun[]> {
  return writeTransaction(db, async (tx) => {
    const rows = await tx
      .update(campaignRuns)
      .set({
        status: "interrupted",
        finishedAt: now,
        errorCode: "LEASE_EXPIRED",
        errorMessage: "its worker stopped answering (crash, kill or lost database); the next run continues safely",
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(and(inArray(campaignRuns.status, [...EXECUTING_RUN_STATUSES]), lt(campaignRuns.leaseExpiresAt, now)))
      .returning();
    for (const run of rows) await notifyRunEnd(tx, run, now);
    return rows;
  });
}

/**
 * The end of a run, told in the same transaction: a failure (or a crash found by the reaper)
 * to every channel, a success to those that opted in. A run stopped by a graceful shutdown or
 * cancelled by a person is not news.
 */
async function notifyRunEnd(tx: Database, run: CampaignRun, at: Date): Promise<void> {
  const failed = run.status === "failed" || (run.status === "interrupted" && run.errorCode === "LEASE_EXPIRED");
  if (!failed && run.status !== "succeeded") return;
  await notify(tx, {
    accountId: run.accountId,
    type: failed ? "run.failed" : "run.finished",
    data: {
      runId: run.id,
      kind: run.kind,
      status: run.status,
      dryRun: run.dryRun,
      counters: run.counters,
      errorCode: run.errorCode,
      message: run.errorMessage,
    },
    at,
  });
}
