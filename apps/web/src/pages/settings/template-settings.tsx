import { findTemplateProblems, TEMPLATE_PLACEHOLDERS } from "@nudge/core/schemas";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState, type FormEvent } from "react";
import { ErrorNote, QueryView } from "../../components/states";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { useSettingsForm } from "./use-settings-form";

const LISTS = [
  { key: "today", label: "Messages for birthdays today", sample: { daysLate: 0 } },
  { key: "late", label: "Messages for late birthdays", sample: { daysLate: 3 } },
] as const;

const toLines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");

export default function TemplateSettings() {
  const { accountId } = useSession();
  const settings = useQuery(trpc.settings.get.queryOptions({ accountId }));
  return <QueryView query={settings}>{(loaded) => <TemplatesForm key={accountId} loaded={loaded} />}</QueryView>;
}

function TemplatesForm({ loaded }: { loaded: Parameters<typeof useSettingsForm>[0] }) {
  const { can } = useSession();
  const form = useSettingsForm(loaded, ["templates"]);
  const [texts, setTexts] = useState({
    today: form.draft.templates.today.join("\n"),
    late: form.draft.templates.late.join("\n"),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    form.submit();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Message templates">
      <p className="muted">
        One message per line; a run picks one at random, never the one the person got last time. Placeholders:{" "}
        <span className="code-list">
          {TEMPLATE_PLACEHOLDERS.map((p) => (
            <code key={p}>{`{${p}}`}</code>
          ))}
        </span>
        . An empty list uses the built-in messages of the account's language.
      </p>
      {LISTS.map((list) => {
        const saveErrors = Object.entries(form.errors)
          .filter(([path]) => path.startsWith(`templates.${list.key}`))
          .map(([, message]) => message);
        return (
          <TemplateList
            key={list.key}
            id={`templates-${list.key}`}
            label={list.label}
            text={texts[list.key]}
            daysLate={list.sample.daysLate}
            readOnly={!can("admin")}
            saveErrors={saveErrors}
            onChange={(text) => {
              setTexts((t) => ({ ...t, [list.key]: text }));
              form.set(`templates.${list.key}`, toLines(text));
            }}
          />
        );
      })}
      {can("admin") ? (
        <div className="form-actions">
          <button type="submit" disabled={form.save.isPending}>
            Save templates
          </button>
          {form.save.isSuccess ? (
            <span role="status" className="saved">
              Saved
            </span>
          ) : null}
          {Object.keys(form.errors).length > 0 ? (
            <span role="alert" className="field-error">
              Not saved: some lines need fixing (see above).
            </span>
          ) : null}
          <ErrorNote error={form.save.error} title="Not saved" />
        </div>
      ) : null}
    </form>
  );
}

function TemplateList(props: {
  id: string;
  label: string;
  text: string;
  daysLate: number;
  readOnly: boolean;
  saveErrors: string[];
  onChange: (text: string) => void;
}) {
  const lines = toLines(props.text);
  // The same check the server runs on save, as the person types.
  const problems = findTemplateProblems(lines).map((p) => `line ${p.line}: ${p.message}`);
  const shown = problems.length > 0 ? problems : props.saveErrors;
  const [previewLine, setPreviewLine] = useState(0);
  const template = useDeferredValue(lines[Math.min(previewLine, Math.max(0, lines.length - 1))] ?? "");
  const preview = useQuery(
    trpc.settings.previewTemplate.queryOptions(
      { template, sample: { name: "Ada Lovelace", daysLate: props.daysLate } },
      { enabled: template.trim() !== "", staleTime: Infinity },
    ),
  );
  return (
    <article className="card">
      <label htmlFor={props.id}>
        <h2>{props.label}</h2>
      </label>
      <textarea
        id={props.id}
        rows={5}
        className="mono"
        value={props.text}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={shown.length > 0 || undefined}
        aria-describedby={`${props.id}-problems ${props.id}-preview`}
      />
      <div id={`${props.id}-problems`} aria-live="polite">
        {shown.length > 0 ? (
          <ul className="field-error">
            {shown.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {lines.length > 1 ? (
        <label className="inline">
          Preview line{" "}
          <select value={previewLine} onChange={(e) => setPreviewLine(Number(e.target.value))}>
            {lines.map((_, i) => (
              <option key={i} value={i}>
                {i + 1}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div id={`${props.id}-preview`} className="preview" aria-live="polite">
        <span className="muted">Preview for Ada Lovelace{props.daysLate ? `, ${props.daysLate} days late` : ""}: </span>
        {template === "" ? (
          <span className="muted">(built-in messages)</span>
        ) : preview.data?.text ? (
          <q>{preview.data.text}</q>
        ) : preview.isError ? (
          <ErrorNote error={preview.error} />
        ) : preview.data ? (
          <span className="muted">fix the line to see it</span>
        ) : (
          <span className="muted">…</span>
        )}
      </div>
    </article>
  );
}
