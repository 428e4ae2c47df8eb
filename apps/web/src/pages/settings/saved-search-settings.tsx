import type { SourcingCriteria } from "@nudge/core/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Empty, ErrorNote, QueryView } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { CriteriaFields, useCriteriaDraft } from "../campaigns/criteria-fields";

type Editing = { name: string; criteria?: SourcingCriteria } | null;

/** Named sourcing criteria (docs/sourcing.md#saved-searches): what `nudge run sourcing --search NAME` runs. */
export default function SavedSearchSettings() {
  const { accountId, can } = useSession();
  const searches = useQuery(trpc.savedSearches.list.queryOptions({ accountId }));
  const [editing, setEditing] = useState<Editing>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.savedSearches.list.pathKey() });
  const remove = useMutation(trpc.savedSearches.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <div>
      <p className="muted">
        A sourcing run takes one of these by name (on the Campaigns page, or{" "}
        <code>nudge run sourcing --search NAME</code>
        ).
      </p>
      <QueryView query={searches}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No saved search yet.</Empty>
          ) : (
            <ul className="list">
              {list.map((s) => (
                <li key={s.id}>
                  <strong>{s.name}</strong>{" "}
                  <span className="muted">
                    {[s.criteria.keywords, ...s.criteria.titles].filter(Boolean).join(" · ")} · at most{" "}
                    {s.criteria.maxProfiles} profiles
                  </span>
                  {can("operator") ? (
                    <span className="form-actions">
                      <button type="button" onClick={() => setEditing({ name: s.name, criteria: s.criteria })}>
                        Edit
                      </button>
                      <button
                        type="button"
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(`Delete the saved search "${s.name}"?`))
                            remove.mutate({ accountId, name: s.name });
                        }}
                      >
                        Delete
                      </button>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <ErrorNote error={remove.error} title="Not deleted" />
      {can("operator") && editing === null ? (
        <div className="form-actions">
          <button type="button" onClick={() => setEditing({ name: "" })}>
            New saved search
          </button>
        </div>
      ) : null}
      {editing ? (
        <SavedSearchForm
          key={editing.name}
          initial={editing}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function SavedSearchForm({ initial, onDone }: { initial: NonNullable<Editing>; onDone: () => void }) {
  const { accountId } = useSession();
  const [name, setName] = useState(initial.name);
  const criteria = useCriteriaDraft(initial.criteria);
  const save = useMutation(trpc.savedSearches.save.mutationOptions({ onSuccess: onDone }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const valid = criteria.validate();
    if (valid) save.mutate({ accountId, name, criteria: valid });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Saved search" className="card">
      <div className="field">
        <label htmlFor="saved-search-name">Name</label>
        <input
          id="saved-search-name"
          required
          maxLength={80}
          value={name}
          readOnly={initial.name !== ""}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <CriteriaFields form={criteria} />
      <div className="form-actions">
        <button type="submit" disabled={save.isPending || name.trim() === ""}>
          Save search
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <ErrorNote error={save.error} title="Not saved" />
    </form>
  );
}
