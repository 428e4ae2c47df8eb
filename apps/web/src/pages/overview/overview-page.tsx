import { useQueries, useQuery } from "@tanstack/react-query";
import { Loading } from "../../components/states";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { ActiveRunCard } from "./active-run-card";
import { ActivityChart } from "./activity-chart";
import { BreakerCard } from "./breaker-card";
import { overviewQueries } from "./overview-queries";
import { ProblemsCard } from "./problems-card";
import { QuotaCard } from "./quota-card";
import { ScheduleCard } from "./schedule-card";
import { SessionCard } from "./session-card";

/** Is all well? One account at a glance: session, breaker, quotas, the next and the current run. */
export default function OverviewPage() {
  const { accountId, accounts } = useSession();
  const overview = useQuery(trpc.health.overview.queryOptions({ accountId }, { refetchInterval: 30_000 }));
  // The cards' own queries, asked for together: the page appears in one piece, not card by card
  // with everything below jumping down as each one fills in.
  const cards = useQueries({ queries: overviewQueries(accountId) });
  const name = accounts.find((a) => a.accountId === accountId)?.name;
  const loading = overview.isPending || cards.some((q) => q.isPending);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview{name ? <span className="subtitle"> — {name}</span> : null}</h1>
      {loading ? <Loading /> : <OverviewCards overview={overview} />}
    </section>
  );
}

function OverviewCards({ overview }: { overview: Parameters<typeof QuotaCard>[0]["overview"] }) {
  return (
    <>
      <div className="grid">
        <SessionCard />
        <BreakerCard overview={overview} />
        <ScheduleCard />
        <ActiveRunCard />
        <QuotaCard overview={overview} />
      </div>
      <ActivityChart />
      <ProblemsCard />
    </>
  );
}
