import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { ACTIVE_STATUSES, RunCounters, RunStatus } from "../../components/run-bits";
import { Empty, QueryView } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { useRunEvents } from "../../lib/run-events";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

/** The run in progress (or queued), its counters moving as its events arrive. */
export function ActiveRunCard() {
  const { accountId, timeZone } = useSession();
  const runs = useQuery(trpc.campaigns.runs.list.queryOptions({ accountId, limit: 10 }, { refetchInterval: 10_000 }));
  const active = runs.data?.items.find((r) => ACTIVE_STATUSES.includes(r.status));
  const run = useQuery(
    trpc.campaigns.runs.get.queryOptions({ runId: active?.id ?? 0 }, { enabled: active !== undefined }),
  );
  useRunEvents(active?.id, accountId);
  return (
    <article className="card" aria-labelledby="active-run-title" aria-live="polite">
      <h2 id="active-run-title">Current run</h2>
      <QueryView query={runs}>
        {() =>
          active ? (
            <>
              <p>
                <Link href={`/campaigns/runs/${active.id}`}>
                  {active.kind} run #{active.id}
                </Link>{" "}
                <RunStatus run={run.data ?? active} />
              </p>
              <p className="muted">started {formatDateTime(active.startedAt ?? active.createdAt, timeZone)}</p>
              <RunCounters counters={(run.data ?? active).counters} />
            </>
          ) : (
            <Empty>No run is in progress.</Empty>
          )
        }
      </QueryView>
    </article>
  );
}
