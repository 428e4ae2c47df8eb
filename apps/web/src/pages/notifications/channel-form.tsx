import type { RouterOutputs } from "@nudge/api";
import {
  CHANNEL_KINDS,
  channelInputSchema,
  channelPatchSchema,
  DEFAULT_CHANNEL_EVENTS,
  type ChannelEventType,
  type ChannelKind,
} from "@nudge/core/schemas";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { CheckField, Field } from "../../components/fields";
import { ErrorNote } from "../../components/states";
import { errorInfo } from "../../lib/errors";
import { trpc } from "../../lib/trpc";
import { issuesByPath } from "../../lib/zod-errors";
import {
  EVENT_LABELS,
  initialValues,
  KIND_LABELS,
  TARGET_FIELDS,
  targetOf,
  withoutSecrets,
  type TargetField,
} from "./channel-fields";

export type Channel = RouterOutputs["notifications"]["channels"][number];

/**
 * Creates a channel, or changes one: its name, events, whether it is on, and — only when asked —
 * its target as a whole (the secret is never read back to be edited). Checked with the API's own
 * schema before it is sent.
 */
export function ChannelForm({
  accountId,
  channel,
  onDone,
}: {
  accountId: number;
  channel?: Channel;
  onDone: (message: string) => void;
}) {
  const titleId = useId();
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "webhook");
  const [name, setName] = useState(channel?.name ?? "");
  const [events, setEvents] = useState<ChannelEventType[]>(channel?.events ?? DEFAULT_CHANNEL_EVENTS);
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [replaceTarget, setReplaceTarget] = useState(!channel);
  const [values, setValues] = useState(() => initialValues(kind, channel?.config));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(trpc.notifications.create.mutationOptions());
  const update = useMutation(trpc.notifications.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const serverErrors = errorInfo(create.error ?? update.error).fieldErrors;

  const chooseKind = (next: ChannelKind) => {
    setKind(next);
    setValues(initialValues(next, channel?.kind === next ? channel.config : {}));
    setErrors({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = replaceTarget ? targetOf(kind, values) : undefined;
    const checked = channel
      ? channelPatchSchema.safeParse({ name, events, enabled, ...(target ? { target } : {}) })
      : channelInputSchema.safeParse({ accountId, name, events, enabled, target });
    if (!checked.success) {
      setErrors(issuesByPath(checked.error.issues));
      return;
    }
    setErrors({});
    const done = () => {
      // The secret has been sent: it leaves the page now, and is never shown again.
      setValues((v) => withoutSecrets(v));
      onDone(channel ? `Channel “${name}” saved.` : `Channel “${name}” created.`);
    };
    const common = { name, events, enabled, ...(target ? { target } : {}) };
    if (channel) update.mutate({ id: channel.id, ...common }, { onSuccess: done });
    else if (target) create.mutate({ accountId, ...common, target }, { onSuccess: done });
  };

  const fieldError = (field: TargetField) => errors[`target.${field.key}`];
  return (
    <form className="card card-full" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <h2 id={titleId}>{channel ? `Change “${channel.name}”` : "New channel"}</h2>
      <div className="field-grid">
        <Field label="Name" error={errors.name ?? serverErrors.name?.[0]}>
          {(props) => (
            <input {...props} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
          )}
        </Field>
        <Field label="Kind">
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(e) => chooseKind(e.target.value as ChannelKind)}
              disabled={Boolean(channel) && !replaceTarget}
            >
              {CHANNEL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {channel ? (
        <CheckField
          label="Replace the target (its secret must be typed again)"
          checked={replaceTarget}
          onChange={setReplaceTarget}
        />
      ) : null}
      {replaceTarget ? (
        <div className="field-grid">
          {TARGET_FIELDS[kind].map((field) =>
            field.type === "check" ? (
              <CheckField
                key={field.key}
                label={field.label}
                checked={values[field.key] === "true"}
                onChange={(v) => setValues({ ...values, [field.key]: String(v) })}
              />
            ) : (
              <Field
                key={`${kind}-${field.key}`}
                label={field.optional ? `${field.label} (optional)` : field.label}
                error={fieldError(field)}
                hint={field.hint}
              >
                {(props) =>
                  field.type === "select" ? (
                    <select
                      {...props}
                      value={values[field.key]}
                      onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                    >
                      {field.options?.map((o) => (
                        <option key={o}>{o}</option>
                      ))}
                    </select>
                  ) : (
                    <input
                      {...props}
                      type={field.type === "secret" ? "password" : field.type}
                      autoComplete={field.type === "secret" ? "new-password" : "off"}
                      spellCheck={false}
                      placeholder={field.placeholder}
                      value={values[field.key] ?? ""}
                      onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                    />
                  )
                }
              </Field>
            ),
          )}
        </div>
      ) : null}
      <fieldset className="group">
        <legend>Events</legend>
        <p className="hint">Test sends always go through. Run summaries and the digest are opt-in.</p>
        {(Object.keys(EVENT_LABELS) as (keyof typeof EVENT_LABELS)[]).map((type) => (
          <CheckField
            key={type}
            label={EVENT_LABELS[type]}
            checked={events.includes(type)}
            onChange={(on) => setEvents(on ? [...events, type] : events.filter((t) => t !== type))}
          />
        ))}
      </fieldset>
      <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
      {Object.keys(errors).length > 0 ? (
        <p className="field-error" role="alert">
          Check the fields marked above.
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {channel ? "Save channel" : "Create channel"}
        </button>
        <button type="button" className="link-button" onClick={() => onDone("")}>
          Cancel
        </button>
      </div>
      <ErrorNote error={create.error ?? update.error} title={channel ? "Not saved" : "Not created"} />
    </form>
  );
}
