import type { CampaignKind, CampaignRun, RunStatus, RunTrigger } from "@nudge/db";

/** Statuses of a run that is still to do something; the others are final. */
export const ACTIVE_RUN_STATUSES = ["queued", "running", "cancelling"] as const satisfies readonly RunStatus[];
export const EXECUTING_RUN_STATUSES = ["running", "cancelling"] as const satisfies readonly RunStatus[];
export const FINAL_RUN_STATUSES = [
  "succeeded",
  "failed",
  "cancelled",
  "interrupted",
] as const satisfies readonly RunStatus[];
export type FinalRunStatus = (typeof FINAL_RUN_STATUSES)[number];

export function isFinalStatus(status: RunStatus): status is FinalRunStatus {
  return (FINAL_RUN_STATUSES as readonly RunStatus[]).includes(status);
}

/**
 * A run's counters, flat so they sit in one JSON column: `seen`, `eligible`, `sent`, `dry_run`,
 * `failed`, `unknown`, `visited`, and one `skipped:<reason>` per skip reason.
 */
export type RunCounters = Record<string, number>;

export interface RunView {
  id: number;
  accountId: number;
  kind: CampaignKind;
  trigger: RunTrigger;
  dryRun: boolean;
  params: Record<string, unknown>;
  status: RunStatus;
  counters: RunCounters;
  /** Why the run ended as it did ("end of working hours", an error code's sentence…). */
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A run as clients see it: no lease internals. */
export function viewOfRun(row: CampaignRun): RunView {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind,
    trigger: row.trigger,
    dryRun: row.dryRun,
    params: row.params,
    status: row.status,
    counters: row.counters,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
