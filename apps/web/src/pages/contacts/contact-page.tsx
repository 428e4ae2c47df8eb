import { useMutation, useQuery } from "@tanstack/react-query";
import { Link, useParams } from "wouter";
import { ErrorNote, QueryView } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { ContactNotes } from "./contact-notes";
import { InteractionTimeline } from "./interaction-timeline";

/** One person: who they are, every interaction with its exact text, blacklist, tags and notes. */
export default function ContactPage() {
  const params = useParams<{ id: string }>();
  const id = Number(params.id);
  const { accountId, timeZone, can } = useSession();
  const contact = useQuery(trpc.data.contacts.get.queryOptions({ accountId, id }, { enabled: Number.isInteger(id) }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.data.contacts.pathKey() });
  const blacklist = useMutation(trpc.data.contacts.blacklist.mutationOptions({ onSuccess: refresh }));
  const unblacklist = useMutation(trpc.data.contacts.unblacklist.mutationOptions({ onSuccess: refresh }));
  const toggling = blacklist.isPending || unblacklist.isPending;
  return (
    <section aria-labelledby="contact-title">
      <p>
        <Link href="/contacts">← Contacts</Link>
      </p>
      <QueryView query={contact} label="Loading the contact…">
        {(c) => (
          <>
            <h1 id="contact-title">
              {c.fullName} <span className={`badge contact-${c.status}`}>{c.status}</span>
            </h1>
            {c.headline ? <p>{c.headline}</p> : null}
            <dl className="facts">
              <dt>Profile</dt>
              <dd>
                <a href={c.profileUrl} target="_blank" rel="noreferrer">
                  {c.profileUrl}
                </a>
              </dd>
              <dt>Company</dt>
              <dd>{c.company ?? "—"}</dd>
              <dt>Location</dt>
              <dd>{c.location ?? "—"}</dd>
              <dt>Birthday</dt>
              <dd>
                {c.birthMonth && c.birthDay
                  ? `${c.birthDay}/${c.birthMonth}${c.birthYear ? `/${c.birthYear}` : ""}`
                  : "—"}
              </dd>
              <dt>Source</dt>
              <dd>{c.source}</dd>
              <dt>Known since</dt>
              <dd>{formatDateTime(c.createdAt, timeZone)}</dd>
            </dl>
            {can("operator") ? (
              <p>
                {c.status === "blacklisted" ? (
                  <button type="button" onClick={() => unblacklist.mutate({ accountId, id })} disabled={toggling}>
                    Remove from blacklist
                  </button>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => blacklist.mutate({ accountId, id })}
                    disabled={toggling}
                  >
                    Blacklist
                  </button>
                )}
                <ErrorNote error={blacklist.error ?? unblacklist.error} />
              </p>
            ) : null}
            <ContactNotes contact={c} editable={can("operator")} />
            <InteractionTimeline contactId={c.id} />
          </>
        )}
      </QueryView>
    </section>
  );
}
