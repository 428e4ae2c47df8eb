import { and, campaignRuns, desc, eq, inArray, runEvents, type Database } from "@nudge/db";
import { viewOfEvent, type RunEventView } from "./run-events.js";

export interface RunProblem extends RunEventView {
  kind: string;
  dryRun: boolean;
}

/** How far back the panel looks for problems: the account's latest runs. */
const RECENT_RUNS = 50;

/**
 * The latest warnings and errors of an account's recent runs — refusals, failures, selector
 * misses with their screenshots — newest first. Reads the runs' own logs, through the run_events
 * primary key (run, seq), never a scan of every event.
 */
export async function recentRunProblems(db: Database, accountId: number, limit: number): Promise<RunProblem[]> {
  const runs = await db
    .select({ id: campaignRuns.id, kind: campaignRuns.kind, dryRun: campaignRuns.dryRun })
    .from(campaignRuns)
    .where(eq(campaignRuns.accountId, accountId))
    .orderBy(desc(campaignRuns.createdAt), desc(campaignRuns.id))
    .limit(RECENT_RUNS);
  if (runs.length === 0) return [];
  const rows = await db
    .select()
    .from(runEvents)
    .where(
      and(
        inArray(
          runEvents.runId,
          runs.map((r) => r.id),
        ),
        inArray(runEvents.level, ["warn", "error"]),
      ),
    )
    .orderBy(desc(runEvents.at), desc(runEvents.runId), desc(runEvents.seq))
    .limit(limit);
  const byId = new Map(runs.map((r) => [r.id, r]));
  return rows.flatMap((row) => {
    const run = byId.get(row.runId);
    return run ? [{ ...viewOfEvent(row), kind: run.kind, dryRun: run.dryRun }] : [];
  });
}
