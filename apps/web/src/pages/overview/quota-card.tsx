import type { RouterOutputs } from "@nudge/api";
import type { UseQueryResult } from "@tanstack/react-query";
import { Gauge } from "../../components/gauge";
import { QueryView } from "../../components/states";
import { formatDateTime, humanize } from "../../lib/format";
import { useSession } from "../../session";

type Overview = RouterOutputs["health"]["overview"];

const WINDOW_LABEL: Record<string, string> = { day: "Today", week: "Last 7 days", warmup: "Warm-up cap" };

/** Every quota window of every action: used / limit, and when the next unit frees up. */
export function QuotaCard({ overview }: { overview: UseQueryResult<Overview, unknown> }) {
  const { timeZone } = useSession();
  return (
    <article className="card card-wide" aria-labelledby="quota-title">
      <h2 id="quota-title">Quotas</h2>
      <QueryView query={overview}>
        {({ actions }) => (
          <div className="quota-grid">
            {actions.map(({ action, windows }) => (
              <div key={action}>
                <h3>{humanize(action)}</h3>
                {windows.map((w) => (
                  <Gauge
                    key={w.window}
                    label={WINDOW_LABEL[w.window] ?? w.window}
                    name={`${humanize(action)}, ${WINDOW_LABEL[w.window] ?? w.window}`}
                    used={w.used}
                    limit={w.limit}
                    detail={w.resetsAt ? `next frees up ${formatDateTime(w.resetsAt, timeZone)}` : undefined}
                  />
                ))}
              </div>
            ))}
          </div>
        )}
      </QueryView>
    </article>
  );
}
