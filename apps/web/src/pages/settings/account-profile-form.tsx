import type { RouterOutputs } from "@nudge/api";
import { accountProfileSchema } from "@nudge/core/schemas";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { Field } from "../../components/fields";
import { ErrorNote } from "../../components/states";
import { queryClient, trpc } from "../../lib/trpc";
import { issuesByPath } from "../../lib/zod-errors";
import { useSession } from "../../session";

type Account = RouterOutputs["settings"]["get"]["account"];

/** Every zone this browser knows, for the time zone field's suggestions. */
function knownZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

/** Name, time zone and locale of the account, checked with the API's own schema before sending. */
export function AccountProfileForm({ account }: { account: Account }) {
  const { accountId, can } = useSession();
  const [name, setName] = useState(account.name);
  const [timezone, setTimezone] = useState(account.timezone);
  const [locale, setLocale] = useState(account.locale);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const zones = useMemo(() => knownZones(), []);
  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: async (saved) => {
        queryClient.setQueryData(trpc.settings.get.queryKey({ accountId }), saved);
        await queryClient.invalidateQueries({ queryKey: trpc.accounts.list.queryKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = accountProfileSchema.safeParse({ name, timezone, locale });
    setErrors(checked.success ? {} : issuesByPath(checked.error.issues));
    if (checked.success) save.mutate({ accountId, account: checked.data });
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="profile-title">
      <h2 id="profile-title">Account</h2>
      <fieldset disabled={!can("admin")} className="plain field-grid">
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
        </Field>
        <Field label="Time zone" error={errors.timezone} hint="Days, quotas and working hours follow this zone.">
          {(p) => (
            <>
              <input {...p} list="time-zones" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
              <datalist id="time-zones">
                {zones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Message language" error={errors.locale}>
          {(p) => (
            <select {...p} value={locale} onChange={(e) => setLocale(e.target.value === "fr" ? "fr" : "en")}>
              <option value="en">English</option>
              <option value="fr">French</option>
            </select>
          )}
        </Field>
      </fieldset>
      {can("admin") ? (
        <div className="form-actions">
          <button type="submit" disabled={save.isPending}>
            Save account
          </button>
          {save.isSuccess ? (
            <span role="status" className="saved">
              Saved
            </span>
          ) : null}
          <ErrorNote error={save.error} title="Not saved" />
        </div>
      ) : null}
    </form>
  );
}
