import type { RunView } from "../../components/run-bits";
import { Empty } from "../../components/states";
import { humanize } from "../../lib/format";

/** Who got what text (or would have, in a dry run), who was skipped and why. */
export function RunReport({ report, dryRun }: { report: RunView["report"]; dryRun: boolean }) {
  return (
    <article className="card card-full" aria-labelledby="report-title">
      <h2 id="report-title">Report{dryRun ? " (dry run: nothing was sent)" : ""}</h2>
      {report.entries.length === 0 ? (
        <Empty>Nobody was handled yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="report">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Outcome</th>
                <th scope="col">Message or reason</th>
              </tr>
            </thead>
            <tbody>
              {report.entries.map((e) => (
                <tr key={e.seq} data-outcome={e.outcome}>
                  <td>
                    {e.profileUrl ? (
                      <a href={e.profileUrl} target="_blank" rel="noreferrer">
                        {e.name ?? e.profileUrl}
                      </a>
                    ) : (
                      (e.name ?? "—")
                    )}
                    {e.daysLate ? <span className="muted"> ({e.daysLate} d late)</span> : null}
                  </td>
                  <td>
                    <span className={`badge outcome-${e.outcome}`}>{humanize(e.outcome)}</span>
                  </td>
                  <td className="message">{e.text ?? (e.reason ? humanize(e.reason) : "—")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.truncated ? <p className="muted">The report shows the first entries only.</p> : null}
    </article>
  );
}
