import type { RouterOutputs } from "@nudge/api";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorNote } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

type Contact = RouterOutputs["data"]["contacts"]["get"];

const parseTags = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

export function ContactNotes({ contact, editable }: { contact: Contact; editable: boolean }) {
  const { accountId } = useSession();
  const [tags, setTags] = useState(contact.tags.join(", "));
  const [notes, setNotes] = useState(contact.notes);
  const save = useMutation(
    trpc.data.contacts.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.data.contacts.pathKey() }),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ accountId, id: contact.id, tags: parseTags(tags), notes });
  };
  if (!editable) {
    return (
      <article className="card" aria-labelledby="notes-title">
        <h2 id="notes-title">Tags and notes</h2>
        <p>
          {contact.tags.length
            ? contact.tags.map((t) => (
                <span key={t} className="badge tag">
                  {t}
                </span>
              ))
            : "No tags."}
        </p>
        <p className="prewrap">{contact.notes || "No notes."}</p>
      </article>
    );
  }
  return (
    <form className="card" aria-labelledby="notes-title" onSubmit={submit}>
      <h2 id="notes-title">Tags and notes</h2>
      <label htmlFor="contact-tags">Tags (comma-separated)</label>
      <input id="contact-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      <label htmlFor="contact-notes">Notes</label>
      <textarea id="contact-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} />
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
      {save.isSuccess ? (
        <span role="status" className="saved">
          Saved
        </span>
      ) : null}
      <ErrorNote error={save.error} title="Not saved" />
    </form>
  );
}
