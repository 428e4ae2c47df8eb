import { and, asc, eq, gt, runEvents, sql, type Database, type RunEvent, type RunEventLevel } from "@nudge/db";

/** One step of a run, as written to its durable log. `seq` orders a run's events from 1. */
export interface RunEventInput {
  type: string;
  level?: RunEventLevel;
  data?: Record<string, unknown>;
}

export interface RunEventView {
  runId: number;
  seq: number;
  at: Date;
  level: RunEventLevel;
  type: string;
  data: Record<string, unknown>;
}

export function viewOfEvent(row: RunEvent): RunEventView {
  return { runId: row.runId, seq: row.seq, at: row.at, level: row.level, type: row.type, data: row.data };
}

/** Appends events with the given first sequence number, inside the caller's write transaction. */
export async function insertRunEvents(
  tx: Database,
  runId: number,
  firstSeq: number,
  events: readonly RunEventInput[],
  at: Date,
): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(runEvents).values(
    events.map((e, i) => ({
      runId,
      seq: firstSeq + i,
      at,
      level: e.level ?? "info",
      type: e.type,
      data: e.data ?? {},
    })),
  );
}

/** The highest sequence number written for a run (0 when none). */
export async function lastRunEventSeq(db: Database, runId: number): Promise<number> {
  const row = await db
    .select({ seq: sql<number>`coalesce(max(${runEvents.seq}), 0)` })
    .from(runEvents)
    .where(eq(runEvents.runId, runId))
    .get();
  return row?.seq ?? 0;
}

/** A run's events after `afterSeq`, in order. */
export async function runEventsAfter(
  db: Database,
  runId: number,
  afterSeq: number,
  limit = 500,
): Promise<RunEventView[]> {
  const rows = await db
    .select()
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(asc(runEvents.seq))
    .limit(limit);
  return rows.map(viewOfEvent);
}

/** The fan-out channel that says "run N has new events" (the events themselves are read from the log). */
export const runChannel = (runId: number) => `run:${runId}`;
/** The fan-out channel that says "a run was queued" (workers wake up instead of waiting for their poll). */
export const RUN_QUEUE_CHANNEL = "runs:queued";
