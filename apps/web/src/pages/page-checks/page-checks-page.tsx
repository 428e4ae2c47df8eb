import type { RouterOutputs } from "@nudge/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Empty, ErrorNote, Loading, QueryView } from "../../components/states";
import { formatDateTime, humanize } from "../../lib/format";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

type PageCheck = RouterOutputs["pageChecks"]["list"][number];

const STATUS_CLASS: Record<PageCheck["status"], string> = {
  running: "run-running",
  ok: "run-succeeded",
  drift: "level-warn",
  failed: "run-failed",
};
/** Artifacts are stored under the data directory and served, to signed-in people, at /artifacts. */
const artifactUrl = (path: string | null) => (path?.startsWith("artifacts/") ? `/${path}` : null);

/**
 * The daily read-only page check (docs/notifications.md#page-check): each check, the pages it
 * opened and the selector keys that no longer resolve there, with what the page looked like.
 */
export default function PageChecksPage() {
  const { accountId, accounts, can } = useSession();
  const name = accounts.find((a) => a.accountId === accountId)?.name;
  const checks = useQuery(
    trpc.pageChecks.list.queryOptions(
      { accountId, limit: 20 },
      { refetchInterval: (q) => (q.state.data?.some((c) => c.status === "running") ? 3_000 : 60_000) },
    ),
  );
  const run = useMutation(
    trpc.pageChecks.run.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.pageChecks.pathKey() }),
    }),
  );
  return (
    <section aria-labelledby="page-checks-title">
      <h1 id="page-checks-title">Page checks{name ? <span className="subtitle"> — {name}</span> : null}</h1>
      <p className="muted">
        Once a day, within working hours, Nudge opens the LinkedIn pages it relies on without doing anything there and
        checks that it still finds what it needs on them. A key it cannot find is drift: it is shown here and notified.
      </p>
      {can("operator") ? (
        <div className="form-actions" style={{ marginBottom: "1rem" }}>
          <button type="button" onClick={() => run.mutate({ accountId })} disabled={run.isPending}>
            Check the pages now
          </button>
          {run.isPending ? <Loading label="Opening the pages (read-only), this takes a little while…" /> : null}
        </div>
      ) : null}
      <ErrorNote error={run.error} title="The check did not run" />
      {run.data ? (
        <p className="note note-ok" role="status">
          Check #{run.data.id} finished: {run.data.status}
          {run.data.driftKeys.length > 0 ? ` (${run.data.driftKeys.length} keys drifted)` : ""}.
        </p>
      ) : null}
      <QueryView query={checks}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No check yet: the first one runs during the next working hours.</Empty>
          ) : (
            <>
              {list.map((check) => (
                <CheckCard key={check.id} check={check} />
              ))}
            </>
          )
        }
      </QueryView>
    </section>
  );
}

function CheckCard({ check }: { check: PageCheck }) {
  const { timeZone } = useSession();
  const titleId = `check-${check.id}-title`;
  return (
    <article className="card card-full" aria-labelledby={titleId}>
      <h2 id={titleId}>
        Check #{check.id} <span className={`badge ${STATUS_CLASS[check.status]}`}>{check.status}</span>
      </h2>
      <dl className="facts">
        <dt>Started</dt>
        <dd>{formatDateTime(check.startedAt, timeZone)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(check.finishedAt, timeZone)}</dd>
        <dt>Trigger</dt>
        <dd>{check.scheduledDay ? `daily check of ${check.scheduledDay}` : "on demand"}</dd>
        <dt>Drift</dt>
        <dd>
          {check.driftKeys.length === 0 ? (
            "none"
          ) : (
            <ul className="code-list">
              {check.driftKeys.map((key) => (
                <li key={key}>
                  <code>{key}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {check.errorMessage ? (
        <div className="note note-error">
          {check.errorMessage} {check.errorCode ? <code className="error-code">{check.errorCode}</code> : null}
        </div>
      ) : null}
      {check.pages.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="muted" style={{ textAlign: "start" }}>
              Pages opened by check #{check.id}
            </caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Outcome</th>
                <th scope="col">Missing keys</th>
                <th scope="col">Artifacts</th>
              </tr>
            </thead>
            <tbody>
              {check.pages.map((page) => {
                const screenshot = artifactUrl(page.artifacts?.screenshot ?? null);
                const html = artifactUrl(page.artifacts?.html ?? null);
                return (
                  <tr key={page.page}>
                    <td>{humanize(page.page)}</td>
                    <td>
                      {page.outcome}
                      {page.error ? <div className="muted">{page.error}</div> : null}
                    </td>
                    <td>
                      {page.missing.length === 0
                        ? `all ${page.resolved.length} found`
                        : page.missing.map((k, i) => (
                            <span key={k}>
                              {i > 0 ? ", " : null}
                              <code>{k}</code>
                            </span>
                          ))}
                    </td>
                    <td>
                      {screenshot || html ? (
                        <span className="artifact-links">
                          {screenshot ? (
                            <a
                              href={screenshot}
                              target="_blank"
                              rel="noreferrer"
                              aria-label={`Screenshot of ${page.page}`}
                            >
                              Screenshot
                            </a>
                          ) : null}
                          {html ? (
                            <a href={html} target="_blank" rel="noreferrer" aria-label={`Page copy of ${page.page}`}>
                              Page copy
                            </a>
                          ) : null}
                        </span>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </article>
  );
}
