import { and, asc, eq, inArray, runEvents, type Database } from "@nudge/db";

/** One person in a run's report: what they got (the exact text), or why they got nothing. */
export interface RunReportEntry {
  seq: number;
  at: Date;
  outcome: "sent" | "dry_run" | "unknown" | "failed" | "skipped" | "visited";
  contactId: number | null;
  name: string | null;
  profileUrl: string | null;
  /** The exact text sent (or that would have been, for a dry run). */
  text: string | null;
  /** Why it was skipped or failed. */
  reason: string | null;
  daysLate: number | null;
  /** A visited profile's fit score (sourcing). */
  fitScore: number | null;
}

export interface RunReport {
  entries: RunReportEntry[];
  /** True when the log held more entries than the report shows. */
  truncated: boolean;
}

const OUTCOME_OF: Record<string, RunReportEntry["outcome"]> = {
  "contact.sent": "sent",
  "contact.dry_run": "dry_run",
  "contact.unknown": "unknown",
  "contact.failed": "failed",
  "contact.skipped": "skipped",
  "contact.visited": "visited",
};

/** Enough for any run the quotas allow, with every skipped card beside it. */
const MAX_ENTRIES = 2_000;

const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" ? v : null);

/** The report of a run, built from its durable log (the one record of what it did). */
export async function buildRunReport(db: Database, runId: number): Promise<RunReport> {
  const rows = await db
    .select()
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), inArray(runEvents.type, Object.keys(OUTCOME_OF))))
    .orderBy(asc(runEvents.seq))
    .limit(MAX_ENTRIES + 1);
  const entries = rows.slice(0, MAX_ENTRIES).map((row) => ({
    seq: row.seq,
    at: row.at,
    // The query selected only these types.
    outcome: OUTCOME_OF[row.type] ?? "skipped",
    contactId: num(row.data.contactId),
    name: str(row.data.name),
    profileUrl: str(row.data.profileUrl),
    text: str(row.data.text),
    reason: str(row.data.reason),
    daysLate: num(row.data.daysLate),
    fitScore: num(row.data.fitScore),
  }));
  return { entries, truncated: rows.length > MAX_ENTRIES };
}
