import type { RouterOutputs } from "@nudge/api";
import { accountProfileSchema } from "@nudge/core/schemas";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../../components/fields";
import { ErrorNote, QueryView } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import { issuesByPath } from "../../lib/zod-errors";

type Account = RouterOutputs["accounts"]["list"][number];

const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });

/** The LinkedIn accounts Nudge drives: add one, rename one, delete one (with all that is its own). */
export default function AccountSettings() {
  const accounts = useQuery(trpc.accounts.list.queryOptions());
  return (
    <>
      <NewAccount />
      <article className="card card-full" aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts</h2>
        <QueryView query={accounts}>
          {(list) => (
            <ul className="account-list">
              {list.map((a) => (
                <AccountRow key={a.accountId} account={a} />
              ))}
            </ul>
          )}
        </QueryView>
      </article>
    </>
  );
}

function NewAccount() {
  const [name, setName] = useState("");
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.accounts.create.mutationOptions({
      onSuccess: () => {
        setName("");
        void refresh();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = accountProfileSchema.required({ name: true }).safeParse({ name, timezone });
    setErrors(checked.success ? {} : issuesByPath(checked.error.issues));
    if (checked.success) create.mutate(checked.data);
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-account-title">
      <h2 id="new-account-title">New account</h2>
      <div className="field-grid">
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Time zone" error={errors.timezone}>
          {(p) => <input {...p} value={timezone} onChange={(e) => setTimezone(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" disabled={create.isPending}>
        Add account
      </button>
      <ErrorNote error={create.error} title="Not added" />
    </form>
  );
}

function AccountRow({ account }: { account: Account }) {
  const [name, setName] = useState(account.name);
  const [confirming, setConfirming] = useState(false);
  const rename = useMutation(trpc.accounts.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.accounts.delete.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ accountId: account.accountId, profile: { name } });
  };
  return (
    <li>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor={`account-name-${account.accountId}`}>Account #{account.accountId}</label>
        <input id={`account-name-${account.accountId}`} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={rename.isPending || name === account.name}>
          Rename
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => remove.mutate({ accountId: account.accountId })}>
              Delete {account.name} and all its data
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </form>
      <ErrorNote error={rename.error ?? remove.error} />
    </li>
  );
}
