import { useMutation } from "@tanstack/react-query";
import { Empty, ErrorNote } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import type { Channel } from "./channel-form";
import { EVENT_LABELS, KIND_LABELS } from "./channel-fields";

/** The account's channels (admin): what each gets, and its actions. The secret is not there to show. */
export function ChannelList({
  channels,
  onEdit,
  onMessage,
}: {
  channels: Channel[];
  onEdit: (channel: Channel) => void;
  onMessage: (message: string) => void;
}) {
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const test = useMutation(
    trpc.notifications.test.mutationOptions({
      onSuccess: () => {
        onMessage("Test queued: it shows in the delivery history below.");
        return refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.notifications.remove.mutationOptions({
      onSuccess: () => {
        onMessage("Channel deleted.");
        return refresh();
      },
    }),
  );
  if (channels.length === 0) return <Empty>No channel yet: nothing is sent when something goes wrong.</Empty>;
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="hide-phone">
                Kind
              </th>
              <th scope="col" className="hide-phone">
                Events
              </th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td className="hide-phone">{KIND_LABELS[c.kind]}</td>
                <td className="hide-phone">
                  {c.events
                    .filter((e): e is keyof typeof EVENT_LABELS => e !== "test")
                    .map((e) => EVENT_LABELS[e])
                    .join(", ") || "test sends only"}
                </td>
                <td>{c.enabled ? "enabled" : "disabled"}</td>
                <td>
                  <div className="form-actions">
                    <button
                      type="button"
                      onClick={() => test.mutate({ channelId: c.id })}
                      disabled={test.isPending}
                      aria-label={`Send test to ${c.name}`}
                    >
                      Send test
                    </button>
                    <button type="button" onClick={() => onEdit(c)} aria-label={`Change ${c.name}`}>
                      Change
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        if (window.confirm(`Delete the channel “${c.name}” and its delivery history?`))
                          remove.mutate({ id: c.id });
                      }}
                      disabled={remove.isPending}
                      aria-label={`Delete ${c.name}`}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={test.error} title="No test sent" />
      <ErrorNote error={remove.error} title="Not deleted" />
    </>
  );
}
