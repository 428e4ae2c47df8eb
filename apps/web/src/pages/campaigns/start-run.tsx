import { useMutation } from "@tanstack/react-query";
import { lazy, Suspense, useState, type FormEvent, type ReactNode } from "react";
import { useLocation } from "wouter";
import { ErrorNote, Loading } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

/** Its own chunk: the criteria schema loads only when someone opens the sourcing form. */
const SourcingForm = lazy(() => import("./sourcing-form"));

/** One form per campaign kind behind a kind switch. */
const BIRTHDAY = { kind: "birthday", label: "Birthday wishes", form: () => <BirthdayForm /> };
const SOURCING = {
  kind: "sourcing",
  label: "Sourcing",
  form: () => (
    <Suspense fallback={<Loading />}>
      <SourcingForm />
    </Suspense>
  ),
};
const KINDS: { kind: string; label: string; form: () => ReactNode }[] = [BIRTHDAY, SOURCING];

export function StartRun() {
  const [kind, setKind] = useState(BIRTHDAY.kind);
  const current = KINDS.find((k) => k.kind === kind) ?? BIRTHDAY;
  return (
    <article className="card" aria-labelledby="start-title">
      <h2 id="start-title">Start a run</h2>
      {KINDS.length > 1 ? (
        <fieldset className="segmented">
          <legend>Campaign</legend>
          {KINDS.map((k) => (
            <label key={k.kind}>
              <input
                type="radio"
                name="kind"
                value={k.kind}
                checked={k.kind === kind}
                onChange={() => setKind(k.kind)}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
      ) : null}
      {current.form()}
    </article>
  );
}

/** The last choice that matters before a run: a dry run walks the whole flow but sends nothing. */
export function DryRunField({ dryRun, onChange }: { dryRun: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" name="dryRun" checked={dryRun} onChange={(e) => onChange(e.target.checked)} />
      Dry run — go through every step but type and send nothing
    </label>
  );
}

export function useStartedRun() {
  const [, navigate] = useLocation();
  return async (run: { id: number }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.campaigns.runs.list.pathKey() });
    navigate(`/campaigns/runs/${run.id}`);
  };
}

function BirthdayForm() {
  const { accountId } = useSession();
  const [dryRun, setDryRun] = useState(true);
  const started = useStartedRun();
  const start = useMutation(trpc.campaigns.startBirthday.mutationOptions({ onSuccess: started }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ accountId, dryRun });
  };
  return (
    <form onSubmit={submit} aria-label="Start a birthday run">
      <p className="muted">
        Wishes happy birthday to today's and recent birthdays, within the quotas and working hours.
      </p>
      <DryRunField dryRun={dryRun} onChange={setDryRun} />
      <div className="form-actions">
        <button type="submit" disabled={start.isPending}>
          {dryRun ? "Start dry run" : "Start birthday run"}
        </button>
      </div>
      <ErrorNote error={start.error} title="Not started" />
    </form>
  );
}
