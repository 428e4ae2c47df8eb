import type { RouterOutputs } from "@nudge/api";
import { formatNumber, humanize } from "../lib/format";

export type RunView = RouterOutputs["campaigns"]["runs"]["get"];
export type RunListItem = RouterOutputs["campaigns"]["runs"]["list"]["items"][number];

export const ACTIVE_STATUSES: readonly string[] = ["queued", "running", "cancelling"];

export function RunStatus({ run }: { run: Pick<RunListItem, "status" | "dryRun"> }) {
  return (
    <>
      <span className={`badge run-${run.status}`}>{run.status}</span>
      {run.dryRun ? <span className="badge dry-run">dry run</span> : null}
    </>
  );
}

const MAIN_COUNTERS = ["seen", "eligible", "sent", "dry_run", "visited", "failed", "unknown"];

/** A run's counters: the main ones first, then one per skip reason. */
export function RunCounters({ counters }: { counters: Record<string, number> }) {
  const keys = [
    ...MAIN_COUNTERS.filter((k) => k in counters),
    ...Object.keys(counters)
      .filter((k) => !MAIN_COUNTERS.includes(k))
      .sort(),
  ];
  if (keys.length === 0) return <p className="muted">No counters yet.</p>;
  return (
    <dl className="counters">
      {keys.map((k) => (
        <div key={k}>
          <dt>{humanize(k)}</dt>
          <dd data-counter={k}>{formatNumber(counters[k] ?? 0)}</dd>
        </div>
      ))}
    </dl>
  );
}
