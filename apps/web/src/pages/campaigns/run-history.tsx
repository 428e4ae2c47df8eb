import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { Pager, useCursorStack } from "../../components/pager";
import { RunStatus } from "../../components/run-bits";
import { Empty, QueryView } from "../../components/states";
import { formatDateTime, formatNumber } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

const STATUSES = ["queued", "running", "cancelling", "succeeded", "failed", "cancelled", "interrupted"] as const;
type StatusFilter = (typeof STATUSES)[number] | "";

/** Every run of the account, newest first, a page at a time. */
export function RunHistory() {
  const { accountId, timeZone } = useSession();
  const [status, setStatus] = useState<StatusFilter>("");
  const stack = useCursorStack();
  const cursor = stack.cursor;
  const runs = useQuery(
    trpc.campaigns.runs.list.queryOptions(
      { accountId, limit: 20, cursor, ...(status ? { status } : {}) },
      { placeholderData: keepPreviousData, refetchInterval: 15_000 },
    ),
  );
  return (
    <article className="card card-full" aria-labelledby="history-title">
      <h2 id="history-title">Run history</h2>
      <div className="filters">
        <label>
          Status{" "}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as StatusFilter);
              stack.reset();
            }}
          >
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <QueryView query={runs}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No run yet.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Run</th>
                      <th scope="col">Status</th>
                      <th scope="col">Trigger</th>
                      <th scope="col">Created</th>
                      <th scope="col">Finished</th>
                      <th scope="col" className="num">
                        Sent
                      </th>
                      <th scope="col" className="num">
                        Skipped
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((run) => {
                      const skipped = Object.entries(run.counters)
                        .filter(([k]) => k.startsWith("skipped"))
                        .reduce((sum, [, n]) => sum + n, 0);
                      return (
                        <tr key={run.id}>
                          <td>
                            <Link href={`/campaigns/runs/${run.id}`}>
                              {run.kind} #{run.id}
                            </Link>
                          </td>
                          <td>
                            <RunStatus run={run} />
                          </td>
                          <td>{run.trigger}</td>
                          <td>{formatDateTime(run.createdAt, timeZone)}</td>
                          <td>{formatDateTime(run.finishedAt, timeZone)}</td>
                          <td className="num">
                            {formatNumber((run.counters.sent ?? 0) + (run.counters.dry_run ?? 0))}
                          </td>
                          <td className="num">{formatNumber(skipped)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager stack={stack} nextCursor={page.nextCursor} label="Runs" />
            </>
          )
        }
      </QueryView>
    </article>
  );
}
