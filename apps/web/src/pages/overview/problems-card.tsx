import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { Empty, QueryView } from "../../components/states";
import { formatDateTime, humanize } from "../../lib/format";
import { describeEvent } from "../../lib/run-events";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

const artifactUrl = (path: unknown) => (typeof path === "string" && path.startsWith("artifacts/") ? `/${path}` : null);

/** Recent warnings and errors of the account's runs; a selector miss links its screenshot. */
export function ProblemsCard() {
  const { accountId, timeZone } = useSession();
  const problems = useQuery(trpc.campaigns.runs.problems.queryOptions({ accountId, limit: 10 }));
  return (
    <article className="card card-full" aria-labelledby="problems-title">
      <h2 id="problems-title">Recent errors and selector misses</h2>
      <QueryView query={problems}>
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing went wrong lately.</Empty>
          ) : (
            <ul className="problems">
              {list.map((p) => {
                const screenshot = artifactUrl(p.data.screenshot);
                const page = artifactUrl(p.data.html);
                return (
                  <li key={`${p.runId}-${p.seq}`} className={`level-${p.level}`}>
                    <span className={`badge level-${p.level}`}>{p.level}</span> <strong>{humanize(p.type)}</strong>{" "}
                    <span className="muted">
                      {formatDateTime(p.at, timeZone)} in{" "}
                      <Link href={`/campaigns/runs/${p.runId}`}>run #{p.runId}</Link>
                    </span>
                    <div>{describeEvent(p)}</div>
                    {screenshot || page ? (
                      <div className="artifact-links">
                        {screenshot ? (
                          <a href={screenshot} target="_blank" rel="noreferrer">
                            Screenshot
                          </a>
                        ) : null}
                        {page ? (
                          <a href={page} target="_blank" rel="noreferrer">
                            Page copy
                          </a>
                        ) : null}
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryView>
    </article>
  );
}
