import { useQuery } from "@tanstack/react-query";
import { BarChart } from "../../components/bar-chart";
import { QueryView } from "../../components/states";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

/** Messages sent and profiles visited per day over the last 30 days, in the account's calendar. */
export function ActivityChart() {
  const { accountId } = useSession();
  const stats = useQuery(trpc.data.stats.daily.queryOptions({ accountId, days: 30 }));
  return (
    <article className="card card-full" aria-labelledby="activity-title">
      <h2 id="activity-title">Last 30 days</h2>
      <QueryView query={stats}>
        {(days) => (
          <BarChart
            title="Messages and visits per day"
            days={days.map((d) => d.date)}
            series={[
              {
                label: "Messages sent",
                className: "series-a",
                values: days.map((d) => d.counts.birthday_message?.sent ?? 0),
              },
              {
                label: "Profiles visited",
                className: "series-b",
                values: days.map((d) => d.counts.profile_visit?.sent ?? 0),
              },
            ]}
          />
        )}
      </QueryView>
    </article>
  );
}
