import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryView } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { ChannelForm, type Channel } from "./channel-form";
import { ChannelList } from "./channel-list";
import { DeliveryHistory } from "./delivery-history";

/**
 * Where Nudge says that something went wrong (docs/notifications.md): an admin manages the
 * account's channels and sends tests; everyone reads the delivery history.
 */
export default function NotificationsPage() {
  const { can, accountId, accounts } = useSession();
  const name = accounts.find((a) => a.accountId === accountId)?.name;
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications{name ? <span className="subtitle"> — {name}</span> : null}</h1>
      {can("admin") ? <AdminChannels key={accountId} /> : <ReaderHistory />}
    </section>
  );
}

function ReaderHistory() {
  return (
    <>
      <p className="muted">Channels are managed by an admin. Every delivery and its outcome are listed here.</p>
      <DeliveryHistory channels={undefined} />
    </>
  );
}

function AdminChannels() {
  const { accountId } = useSession();
  const channels = useQuery(trpc.notifications.channels.queryOptions({ accountId }));
  // null: no form; "new"; or the channel being changed.
  const [editing, setEditing] = useState<Channel | "new" | null>(null);
  const [message, setMessage] = useState("");
  const done = (text: string) => {
    setEditing(null);
    setMessage(text);
    if (text) void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  };
  return (
    <>
      <article className="card card-full" aria-labelledby="channels-title">
        <h2 id="channels-title">Channels</h2>
        <QueryView query={channels}>
          {(list) => (
            <ChannelList
              channels={list}
              onEdit={(c) => {
                setMessage("");
                setEditing(c);
              }}
              onMessage={setMessage}
            />
          )}
        </QueryView>
        {message ? (
          <p className="note note-ok" role="status">
            {message}
          </p>
        ) : null}
        {editing === null ? (
          <button
            type="button"
            onClick={() => {
              setMessage("");
              setEditing("new");
            }}
          >
            New channel
          </button>
        ) : null}
      </article>
      {editing !== null ? (
        <ChannelForm
          key={editing === "new" ? "new" : editing.id}
          accountId={accountId}
          {...(editing === "new" ? {} : { channel: editing })}
          onDone={done}
        />
      ) : null}
      <DeliveryHistory channels={channels.data} />
    </>
  );
}
