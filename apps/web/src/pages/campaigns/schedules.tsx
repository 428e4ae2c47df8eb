import type { RouterOutputs } from "@nudge/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorNote, QueryView } from "../../components/states";
import { formatDateTime, humanize } from "../../lib/format";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

type Schedule = RouterOutputs["campaigns"]["schedules"]["get"]["schedules"][number];

/** The account's schedules with their next fire times (in its zone), and what became of recent fires. */
export function Schedules() {
  const { accountId, timeZone } = useSession();
  const schedules = useQuery(trpc.campaigns.schedules.get.queryOptions({ accountId, next: 3 }));
  return (
    <article className="card" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <QueryView query={schedules}>
        {(s) => (
          <>
            <p className="muted">
              Times in {s.timeZone}; each fire is delayed by up to {s.jitterMinutes} min so runs do not start on the
              dot.
            </p>
            <ul className="schedule-list">
              {s.schedules.map((schedule) => (
                <ScheduleItem key={schedule.kind} schedule={schedule} />
              ))}
            </ul>
            {s.recentFires.length > 0 ? (
              <>
                <h3>Recent fires</h3>
                <ul className="compact">
                  {s.recentFires.slice(0, 5).map((f) => (
                    <li key={f.id}>
                      {formatDateTime(f.fireAt, timeZone)} — {f.kind}:{" "}
                      <span className={`badge fire-${f.outcome}`}>{humanize(f.outcome)}</span>
                      {f.errorCode ? <code className="error-code">{f.errorCode}</code> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </QueryView>
    </article>
  );
}

function ScheduleItem({ schedule }: { schedule: Schedule }) {
  const { accountId, timeZone, can } = useSession();
  const [cron, setCron] = useState(schedule.cron);
  const [enabled, setEnabled] = useState(schedule.enabled);
  const update = useMutation(
    trpc.campaigns.schedules.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.campaigns.schedules.get.pathKey() }),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ accountId, [schedule.kind]: { cron, enabled } });
  };
  const id = `cron-${schedule.kind}`;
  return (
    <li>
      <h3>{humanize(schedule.kind)}</h3>
      {can("admin") ? (
        <form onSubmit={submit} className="inline-form">
          <label className="check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> On
          </label>
          <label htmlFor={id}>Cron (minute hour day month weekday)</label>
          <input id={id} value={cron} onChange={(e) => setCron(e.target.value)} className="mono" />
          <button type="submit" disabled={update.isPending}>
            Save
          </button>
          <ErrorNote error={update.error} title="Not saved" />
        </form>
      ) : (
        <p>
          <code>{schedule.cron}</code> — {schedule.enabled ? "on" : "off"}
        </p>
      )}
      {schedule.enabled && schedule.next.length > 0 ? (
        <p>Next: {schedule.next.map((d) => formatDateTime(d, timeZone)).join(" · ")}</p>
      ) : null}
    </li>
  );
}
