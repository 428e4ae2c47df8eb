import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Pager, useCursorStack } from "../../components/pager";
import { Empty, QueryView } from "../../components/states";
import { formatDateTime, formatNumber, humanize } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import type { Channel } from "./channel-form";

const STATUSES = ["pending", "sending", "delivered", "dead"] as const;
type StatusFilter = (typeof STATUSES)[number] | "";
const STATUS_CLASS: Record<(typeof STATUSES)[number], string> = {
  pending: "run-queued",
  sending: "run-running",
  delivered: "run-succeeded",
  dead: "run-failed",
};
const PAGE = 20;

/** Every delivery of the account's events, newest first: anyone may read it. */
export function DeliveryHistory({ channels }: { channels: Channel[] | undefined }) {
  const { accountId, timeZone } = useSession();
  const [status, setStatus] = useState<StatusFilter>("");
  const stack = useCursorStack();
  const before = stack.cursor === undefined ? undefined : Number(stack.cursor);
  const deliveries = useQuery(
    trpc.notifications.deliveries.queryOptions(
      { accountId, limit: PAGE, ...(before ? { before } : {}), ...(status ? { status } : {}) },
      {
        placeholderData: keepPreviousData,
        // Something on its way is watched until it lands or gives up.
        refetchInterval: (q) =>
          q.state.data?.some((d) => d.status === "pending" || d.status === "sending") ? 2_000 : 30_000,
      },
    ),
  );
  const channelName = (id: number) => channels?.find((c) => c.id === id)?.name ?? `channel #${id}`;
  return (
    <article className="card card-full" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Delivery history</h2>
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
      <QueryView query={deliveries}>
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing sent yet.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Channel</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Failed attempts
                      </th>
                      <th scope="col" className="hide-phone">
                        Occurred
                      </th>
                      <th scope="col">Last error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((d) => (
                      <tr key={d.id} data-delivery={d.id}>
                        <td>{humanize(d.type)}</td>
                        <td>{channelName(d.channelId)}</td>
                        <td>
                          <span className={`badge ${STATUS_CLASS[d.status]}`}>{d.status}</span>
                          {d.deliveredAt ? (
                            <div className="muted">{formatDateTime(d.deliveredAt, timeZone)}</div>
                          ) : d.status === "pending" ? (
                            <div className="muted">next try {formatDateTime(d.nextAttemptAt, timeZone)}</div>
                          ) : null}
                        </td>
                        <td className="num">{formatNumber(d.attempts)}</td>
                        <td className="hide-phone">{formatDateTime(d.occurredAt, timeZone)}</td>
                        <td className="prewrap">{d.lastError ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                stack={stack}
                nextCursor={list.length === PAGE ? String(list[list.length - 1]?.id) : null}
                label="Deliveries"
              />
            </>
          )
        }
      </QueryView>
    </article>
  );
}
