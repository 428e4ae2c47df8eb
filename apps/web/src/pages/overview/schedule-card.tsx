import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { Empty, QueryView } from "../../components/states";
import { formatDateTime, formatRelative } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

export function ScheduleCard() {
  const { accountId, timeZone } = useSession();
  const schedules = useQuery(trpc.campaigns.schedules.get.queryOptions({ accountId, next: 1 }));
  return (
    <article className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Next scheduled run</h2>
      <QueryView query={schedules}>
        {(s) => {
          const next = s.schedules
            .flatMap((x) => (x.enabled && x.next[0] ? [{ kind: x.kind, at: x.next[0] }] : []))
            .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
          return next ? (
            <>
              <p className="big">{formatDateTime(next.at, timeZone)}</p>
              <p>
                {next.kind} run, {formatRelative(next.at)} <span className="muted">({s.timeZone})</span>
              </p>
              <Link href="/campaigns">Schedules</Link>
            </>
          ) : (
            <Empty>No schedule is switched on.</Empty>
          );
        }}
      </QueryView>
    </article>
  );
}
