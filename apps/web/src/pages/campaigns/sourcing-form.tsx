import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorNote } from "../../components/states";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { CriteriaFields, useCriteriaDraft } from "./criteria-fields";
import { useStartedRun } from "./start-run";

const INLINE = "";

/**
 * Starts a sourcing run on a saved search or on criteria typed here (validated with the API's
 * own schema before anything is sent). A dry run — on by default — reads the search results and
 * lists whom it would visit, visiting nobody.
 */
export default function SourcingForm() {
  const { accountId } = useSession();
  const searches = useQuery(trpc.savedSearches.list.queryOptions({ accountId }));
  const [search, setSearch] = useState(INLINE);
  const [dryRun, setDryRun] = useState(true);
  const criteria = useCriteriaDraft();
  const started = useStartedRun();
  const start = useMutation(trpc.campaigns.startSourcing.mutationOptions({ onSuccess: started }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (search !== INLINE) return start.mutate({ accountId, dryRun, search });
    const valid = criteria.validate();
    if (valid) start.mutate({ accountId, dryRun, criteria: valid });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Start a sourcing run">
      <p className="muted">
        Visits the profiles a search finds, within the quotas and working hours, and scores how well each fits. It never
        connects, follows or messages.
      </p>
      <div className="field">
        <label htmlFor="sourcing-search">Search</label>
        <select id="sourcing-search" value={search} onChange={(e) => setSearch(e.target.value)}>
          <option value={INLINE}>Criteria typed below</option>
          {(searches.data ?? []).map((s) => (
            <option key={s.id} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {search === INLINE ? <CriteriaFields form={criteria} /> : null}
      <label className="check">
        <input type="checkbox" name="dryRun" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
        Dry run — read the results and list whom it would visit, visiting nobody
      </label>
      <div className="form-actions">
        <button type="submit" disabled={start.isPending}>
          {dryRun ? "Start dry run" : "Start sourcing run"}
        </button>
        {Object.keys(criteria.errors).length > 0 ? (
          <span role="alert" className="field-error">
            Not started: some criteria need fixing (see above).
          </span>
        ) : null}
      </div>
      <ErrorNote error={start.error} title="Not started" />
    </form>
  );
}
