import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { QueryView } from "../../components/states";
import { formatDate, formatDateTime } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

const STATUS_TEXT: Record<string, string> = {
  valid: "Valid",
  expired: "Expired — upload fresh cookies",
  missing: "No session — upload your LinkedIn cookies",
  restricted: "Restricted by LinkedIn",
};

export function SessionCard() {
  const { accountId, timeZone, can } = useSession();
  const status = useQuery(trpc.accounts.status.queryOptions({ accountId }));
  return (
    <article className="card" aria-labelledby="session-title">
      <h2 id="session-title">LinkedIn session</h2>
      <QueryView query={status}>
        {(s) => (
          <>
            <p>
              <span className={`badge status-${s.sessionStatus}`}>{s.sessionStatus}</span>{" "}
              {STATUS_TEXT[s.sessionStatus] ?? s.sessionStatus}
            </p>
            <dl className="facts">
              <dt>Cookie expires</dt>
              <dd>{formatDate(s.summary?.liAtExpiresAt, timeZone)}</dd>
              <dt>Last checked</dt>
              <dd>{formatDateTime(s.sessionCheckedAt, timeZone)}</dd>
            </dl>
            {s.problem ? (
              <p className="note note-warn">
                {s.problem.message} <code className="error-code">{s.problem.code}</code>
              </p>
            ) : null}
            {can("admin") ? <Link href="/settings/session">Upload or check the session</Link> : null}
          </>
        )}
      </QueryView>
    </article>
  );
}
