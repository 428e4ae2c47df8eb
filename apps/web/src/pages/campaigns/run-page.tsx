import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { Link, useParams } from "wouter";
import { ACTIVE_STATUSES, RunCounters, RunStatus } from "../../components/run-bits";
import { ErrorNote, QueryView } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { useRunEvents, type RunEvent } from "../../lib/run-events";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { EventLog } from "./event-log";
import { RunReport } from "./run-report";

/** One run: its counters, its live event log, its report, and a way to stop it. */
export default function RunPage() {
  const params = useParams<{ id: string }>();
  const runId = Number(params.id);
  const { accountId, timeZone, can } = useSession();
  const run = useQuery(trpc.campaigns.runs.get.queryOptions({ runId }, { enabled: Number.isInteger(runId) }));
  const [events, setEvents] = useState<Map<number, RunEvent>>(new Map());
  const onEvent = useCallback(
    (event: RunEvent) =>
      setEvents((current) => (current.has(event.seq) ? current : new Map(current).set(event.seq, event))),
    [],
  );
  const live = useRunEvents(run.data ? runId : undefined, run.data?.accountId ?? accountId, onEvent);
  const cancel = useMutation(
    trpc.campaigns.runs.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.campaigns.runs.get.queryKey({ runId }) }),
    }),
  );
  return (
    <section aria-labelledby="run-title">
      <p>
        <Link href="/campaigns">← Campaigns</Link>
      </p>
      <QueryView query={run} label="Loading the run…">
        {(r) => (
          <>
            <h1 id="run-title">
              {r.kind} run #{r.id} <RunStatus run={r} />
            </h1>
            <dl className="facts">
              <dt>Trigger</dt>
              <dd>{r.trigger}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(r.createdAt, timeZone)}</dd>
              <dt>Started</dt>
              <dd>{formatDateTime(r.startedAt, timeZone)}</dd>
              <dt>Finished</dt>
              <dd>{formatDateTime(r.finishedAt, timeZone)}</dd>
              {r.errorMessage ? (
                <>
                  <dt>Ended because</dt>
                  <dd>
                    {r.errorMessage} {r.errorCode ? <code className="error-code">{r.errorCode}</code> : null}
                  </dd>
                </>
              ) : null}
            </dl>
            {can("operator") && ACTIVE_STATUSES.includes(r.status) ? (
              <p>
                <button
                  type="button"
                  className="danger"
                  onClick={() => cancel.mutate({ runId })}
                  disabled={cancel.isPending || r.status === "cancelling"}
                >
                  Cancel run
                </button>
                <ErrorNote error={cancel.error} />
              </p>
            ) : null}
            <article className="card" aria-labelledby="counters-title">
              <h2 id="counters-title">Counters</h2>
              <RunCounters counters={r.counters} />
            </article>
            <EventLog
              events={[...events.values()]}
              status={live.status}
              error={live.error}
              finished={!ACTIVE_STATUSES.includes(r.status)}
            />
            <RunReport report={r.report} dryRun={r.dryRun} />
          </>
        )}
      </QueryView>
    </section>
  );
}
