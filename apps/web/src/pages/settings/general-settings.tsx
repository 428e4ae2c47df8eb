import { useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { CheckField, NumberField } from "../../components/fields";
import { ErrorNote, QueryView } from "../../components/states";
import { humanize } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { AccountProfileForm } from "./account-profile-form";
import { useSettingsForm, type SettingsSection } from "./use-settings-form";

const SECTIONS: SettingsSection[] = ["quotas", "workingHours", "pacing", "birthday"];
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const ACTIONS = ["birthday_message", "profile_visit"] as const;
const WINDOWS = [
  ["perDay", "Per day"],
  ["perWeek", "Per 7 days"],
  ["perRun", "Per run"],
] as const;
const PACING = [
  ["birthdayDelaySeconds", "Between birthday messages (s)"],
  ["visitOnProfileSeconds", "On a profile (s)"],
  ["visitBetweenProfilesSeconds", "Between profiles (s)"],
  ["typingDelayMs", "Per typed character (ms)"],
] as const;

export default function GeneralSettings() {
  const { accountId } = useSession();
  const settings = useQuery(trpc.settings.get.queryOptions({ accountId }));
  return (
    <QueryView query={settings}>
      {(loaded) => (
        <>
          <AccountProfileForm key={`profile-${accountId}`} account={loaded.account} />
          <SettingsForm key={`settings-${accountId}`} loaded={loaded} />
        </>
      )}
    </QueryView>
  );
}

function SettingsForm({ loaded }: { loaded: Parameters<typeof useSettingsForm>[0] }) {
  const { can } = useSession();
  const form = useSettingsForm(loaded, SECTIONS);
  const { draft, set, error } = form;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    form.submit();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Limits, hours and pacing">
      <fieldset disabled={!can("admin")} className="plain">
        <article className="card">
          <h2>Quotas</h2>
          {ACTIONS.map((action) => (
            <fieldset key={action} className="group">
              <legend>{humanize(action)}</legend>
              <div className="field-grid">
                {WINDOWS.map(([w, label]) => (
                  <NumberField
                    key={w}
                    label={label}
                    value={draft.quotas[action][w]}
                    min={0}
                    onChange={(v) => set(`quotas.${action}.${w}`, v)}
                    error={error(`quotas.${action}.${w}`)}
                  />
                ))}
              </div>
            </fieldset>
          ))}
          <h3>Warm-up</h3>
          <CheckField
            label="Ramp a new account's limits up"
            checked={draft.quotas.warmup.enabled}
            onChange={(v) => set("quotas.warmup.enabled", v)}
          />
          <div className="field-grid">
            <NumberField
              label="Start at (% of the limits)"
              value={draft.quotas.warmup.startPercent}
              onChange={(v) => set("quotas.warmup.startPercent", v)}
              error={error("quotas.warmup.startPercent")}
            />
            <NumberField
              label="Reach 100 % after (days)"
              value={draft.quotas.warmup.days}
              onChange={(v) => set("quotas.warmup.days", v)}
              error={error("quotas.warmup.days")}
            />
          </div>
        </article>
        <article className="card">
          <h2>Working hours</h2>
          <div className="field-grid">
            <TimeField
              label="From"
              value={draft.workingHours.start}
              onChange={(v) => set("workingHours.start", v)}
              error={error("workingHours.start")}
            />
            <TimeField
              label="Until"
              value={draft.workingHours.end}
              onChange={(v) => set("workingHours.end", v)}
              error={error("workingHours.end")}
            />
          </div>
          <fieldset className="weekdays">
            <legend>Days</legend>
            {WEEKDAYS.map((day, i) => (
              <CheckField
                key={day}
                label={day}
                checked={draft.workingHours.days.includes(i + 1)}
                onChange={(on) =>
                  set(
                    "workingHours.days",
                    on
                      ? [...draft.workingHours.days, i + 1].sort()
                      : draft.workingHours.days.filter((d) => d !== i + 1),
                  )
                }
              />
            ))}
            {error("workingHours.days") ? <div className="field-error">{error("workingHours.days")}</div> : null}
          </fieldset>
        </article>
        <article className="card">
          <h2>Pacing</h2>
          {PACING.map(([key, label]) => (
            <fieldset key={key} className="group">
              <legend>{label}</legend>
              <div className="field-grid">
                {(["min", "max"] as const).map((end) => (
                  <NumberField
                    key={end}
                    label={end === "min" ? "At least" : "At most"}
                    value={draft.pacing[key][end]}
                    min={0}
                    onChange={(v) => set(`pacing.${key}.${end}`, v)}
                    error={error(`pacing.${key}.${end}`)}
                  />
                ))}
              </div>
            </fieldset>
          ))}
          <div className="field-grid">
            <NumberField
              label="Chance of an idle pause (0–1)"
              value={draft.pacing.idleActivityChance}
              step={0.05}
              onChange={(v) => set("pacing.idleActivityChance", v)}
              error={error("pacing.idleActivityChance")}
            />
          </div>
        </article>
        <article className="card">
          <h2>Birthdays</h2>
          <CheckField
            label="Wish today's birthdays"
            checked={draft.birthday.processToday}
            onChange={(v) => set("birthday.processToday", v)}
          />
          <CheckField
            label="Wish late birthdays"
            checked={draft.birthday.processLate}
            onChange={(v) => set("birthday.processLate", v)}
          />
          <NumberField
            label="Late window (days)"
            value={draft.birthday.lateWindowDays}
            min={0}
            onChange={(v) => set("birthday.lateWindowDays", v)}
            error={error("birthday.lateWindowDays")}
          />
        </article>
      </fieldset>
      {can("admin") ? (
        <div className="form-actions">
          <button type="submit" disabled={form.save.isPending}>
            Save settings
          </button>
          {form.save.isSuccess ? (
            <span role="status" className="saved">
              Saved
            </span>
          ) : null}
          {Object.keys(form.errors).length > 0 ? (
            <span role="alert" className="field-error">
              Some values need fixing (see above).
            </span>
          ) : null}
          <ErrorNote error={form.save.error} title="Not saved" />
        </div>
      ) : null}
    </form>
  );
}

function TimeField(props: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  return (
    <div className={`field${props.error ? " field-invalid" : ""}`}>
      <label>
        {props.label}
        <input
          type="text"
          inputMode="numeric"
          pattern="[0-2][0-9]:[0-5][0-9]"
          placeholder="HH:MM"
          value={props.value}
          aria-invalid={props.error ? true : undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </label>
      {props.error ? <div className="field-error">{props.error}</div> : null}
    </div>
  );
}
