import type { RouterOutputs } from "@nudge/api";
import { useMutation, type UseQueryResult } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorNote, QueryView } from "../../components/states";
import { formatDateTime, humanize } from "../../lib/format";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

type Overview = RouterOutputs["health"]["overview"];

/** The circuit breaker, and (for an admin) closing it by hand with a reason. */
export function BreakerCard({ overview }: { overview: UseQueryResult<Overview, unknown> }) {
  const { accountId, timeZone, can } = useSession();
  const [reason, setReason] = useState("");
  const reset = useMutation(
    trpc.settings.resetBreaker.mutationOptions({
      onSuccess: async () => {
        setReason("");
        await queryClient.invalidateQueries({ queryKey: trpc.health.overview.queryKey({ accountId }) });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ accountId, reason });
  };
  return (
    <article className="card" aria-labelledby="breaker-title">
      <h2 id="breaker-title">Circuit breaker</h2>
      <QueryView query={overview}>
        {({ breaker, coordinator }) => (
          <>
            <p>
              <span className={`badge breaker-${breaker.state}`}>{humanize(breaker.state)}</span>{" "}
              {breaker.state === "closed"
                ? "Actions may run."
                : breaker.hard
                  ? "Stopped by a LinkedIn warning until a person resets it."
                  : "Paused after repeated failures."}
            </p>
            {breaker.state !== "closed" ? (
              <dl className="facts">
                <dt>Reason</dt>
                <dd>{breaker.reason ? humanize(breaker.reason) : "—"}</dd>
                <dt>Opened</dt>
                <dd>{formatDateTime(breaker.openedAt, timeZone)}</dd>
                <dt>Retries at</dt>
                <dd>{breaker.until ? formatDateTime(breaker.until, timeZone) : "when a person resets it"}</dd>
              </dl>
            ) : null}
            {coordinator.status === "degraded" ? (
              <p className="note note-warn">
                Coordination is degraded{coordinator.reason ? `: ${coordinator.reason}` : ""}. The database decides.
              </p>
            ) : null}
            {can("admin") && breaker.state !== "closed" ? (
              <form onSubmit={submit} className="inline-form">
                <label htmlFor="breaker-reason">Reason for the reset</label>
                <input
                  id="breaker-reason"
                  value={reason}
                  minLength={3}
                  required
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="Solved the checkpoint in my browser"
                />
                <button type="submit" disabled={reset.isPending || reason.trim().length < 3}>
                  Reset breaker
                </button>
                <ErrorNote error={reset.error} />
              </form>
            ) : null}
          </>
        )}
      </QueryView>
    </article>
  );
}
