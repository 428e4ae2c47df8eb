import { useInfiniteQuery } from "@tanstack/react-query";
import { Empty, ErrorNote, Loading } from "../../components/states";
import { formatDateTime, humanize } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";

/** Every interaction with the person, newest first, each message with its exact text. */
export function InteractionTimeline({ contactId }: { contactId: number }) {
  const { accountId, timeZone } = useSession();
  const list = useInfiniteQuery(
    trpc.data.interactions.list.infiniteQueryOptions(
      { accountId, contactId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <article className="card card-full" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Interactions</h2>
      {list.isPending ? <Loading /> : null}
      <ErrorNote error={list.error} />
      {list.isSuccess && items.length === 0 ? <Empty>No interaction yet.</Empty> : null}
      <ol className="timeline">
        {items.map((i) => (
          <li key={i.id}>
            <div>
              <time dateTime={i.createdAt.toISOString()}>{formatDateTime(i.createdAt, timeZone)}</time>{" "}
              <strong>{humanize(i.type)}</strong>{" "}
              <span className={`badge outcome-${i.status}`}>{humanize(i.status)}</span>{" "}
              <span className="muted">{i.occasion}</span>
              {i.daysLate ? <span className="muted"> · {i.daysLate} d late</span> : null}
            </div>
            {i.messageText ? <blockquote className="message">{i.messageText}</blockquote> : null}
            {i.reason ? <div className="muted">{humanize(i.reason)}</div> : null}
          </li>
        ))}
      </ol>
      {list.hasNextPage ? (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          Show older
        </button>
      ) : null}
    </article>
  );
}
