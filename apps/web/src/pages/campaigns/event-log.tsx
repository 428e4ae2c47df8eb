import { ErrorNote } from "../../components/states";
import { formatTime, humanize } from "../../lib/format";
import { describeEvent, type RunEvent } from "../../lib/run-events";
import { useSession } from "../../session";

const STATUS_TEXT: Record<string, string> = {
  idle: "not connected",
  connecting: "connecting…",
  pending: "live",
  error: "connection lost, retrying…",
};

/** The run's event log as it is written, oldest first; reconnects resume after the last event. */
export function EventLog(props: { events: RunEvent[]; status: string; error: unknown; finished: boolean }) {
  const { timeZone } = useSession();
  const events = [...props.events].filter((e) => e.level !== "debug").sort((a, b) => a.seq - b.seq);
  const state = props.finished && props.status !== "pending" ? "complete" : (STATUS_TEXT[props.status] ?? props.status);
  return (
    <article className="card card-full" aria-labelledby="events-title">
      <h2 id="events-title">
        Events <span className={`badge live-${props.status}`}>{state}</span>
      </h2>
      {props.status === "error" ? <ErrorNote error={props.error} /> : null}
      {/* Focusable, so the scrolling log can be read and scrolled from the keyboard. */}
      <div className="event-log" role="log" aria-live="polite" aria-label="Run events" tabIndex={0}>
        <ol>
          {events.map((e) => (
            <li key={e.seq} className={`level-${e.level}`} data-event-type={e.type} data-seq={e.seq}>
              <time dateTime={e.at.toISOString()}>{formatTime(e.at, timeZone)}</time>{" "}
              <strong>{humanize(e.type)}</strong> <span>{describeEvent(e)}</span>
            </li>
          ))}
        </ol>
      </div>
      {events.length === 0 ? <p className="muted">No events yet.</p> : null}
    </article>
  );
}
