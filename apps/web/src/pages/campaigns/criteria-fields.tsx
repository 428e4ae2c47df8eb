import { NETWORK_DEGREES, sourcingCriteriaSchema, type SourcingCriteria } from "@nudge/core/schemas";
import { useState } from "react";
import { Field, NumberField } from "../../components/fields";
import { issuesByPath } from "../../lib/zod-errors";

/** The form's text: lists are typed one per line (or comma-separated), as people paste them. */
export interface CriteriaDraft {
  keywords: string;
  titles: string;
  locationIds: string;
  locationNames: string;
  networkDegrees: string[];
  maxProfiles: number;
  minFitScore: number;
  dedupeWindowDays: number;
  excludedKeywords: string;
  excludedProfiles: string;
}

/** The fields typed as one item per line. */
type ListKey = "titles" | "locationIds" | "locationNames" | "excludedKeywords" | "excludedProfiles";

const DEGREE_LABELS: Record<string, string> = { F: "1st", S: "2nd", O: "3rd+" };

const list = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function draftOf(criteria?: SourcingCriteria): CriteriaDraft {
  // A blank form shows the schema's defaults (parsed with a placeholder keyword, then cleared).
  const c = criteria ?? sourcingCriteriaSchema.parse({ keywords: "-" });
  return {
    keywords: criteria ? c.keywords : "",
    titles: c.titles.join("\n"),
    locationIds: c.locationIds.join("\n"),
    locationNames: c.locationNames.join("\n"),
    networkDegrees: [...c.networkDegrees],
    maxProfiles: c.maxProfiles,
    minFitScore: c.minFitScore,
    dedupeWindowDays: c.dedupeWindowDays,
    excludedKeywords: c.exclusions.keywords.join("\n"),
    excludedProfiles: c.exclusions.profileUrls.join("\n"),
  };
}

/** Validates the draft with the API's own schema: the criteria to send, or errors keyed by field. */
export function parseDraft(
  draft: CriteriaDraft,
): { ok: true; criteria: SourcingCriteria } | { ok: false; errors: Record<string, string> } {
  const parsed = sourcingCriteriaSchema.safeParse({
    keywords: draft.keywords,
    titles: list(draft.titles),
    locationIds: list(draft.locationIds),
    locationNames: list(draft.locationNames),
    networkDegrees: draft.networkDegrees,
    maxProfiles: draft.maxProfiles,
    minFitScore: draft.minFitScore,
    dedupeWindowDays: draft.dedupeWindowDays,
    exclusions: { keywords: list(draft.excludedKeywords), profileUrls: list(draft.excludedProfiles) },
  });
  if (parsed.success) return { ok: true, criteria: parsed.data };
  return { ok: false, errors: issuesByPath(parsed.error.issues) };
}

/** Keeps the draft and the errors of the last validation. */
export function useCriteriaDraft(initial?: SourcingCriteria) {
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  return {
    draft,
    errors,
    set: <K extends keyof CriteriaDraft>(key: K, value: CriteriaDraft[K]) => setDraft((d) => ({ ...d, [key]: value })),
    /** The criteria when valid; otherwise shows the errors and answers null. */
    validate(): SourcingCriteria | null {
      const result = parseDraft(draft);
      setErrors(result.ok ? {} : result.errors);
      return result.ok ? result.criteria : null;
    },
  };
}

const firstError = (errors: Record<string, string>, prefix: string) =>
  Object.entries(errors).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];

/** Every criterion of a sourcing search (docs/sourcing.md#criteria). */
export function CriteriaFields({
  form,
  readOnly = false,
}: {
  form: ReturnType<typeof useCriteriaDraft>;
  readOnly?: boolean;
}) {
  const { draft, errors, set } = form;
  const text = (key: ListKey, label: string, path: string, hint?: string, rows = 2) => (
    <Field label={label} error={firstError(errors, path)} hint={hint}>
      {(props) => (
        <textarea
          {...props}
          rows={rows}
          readOnly={readOnly}
          value={draft[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );
  return (
    <>
      <Field
        label="Keywords"
        error={errors.keywords}
        hint={
          <>
            LinkedIn's boolean syntax, e.g. <code>"data engineer" AND (python OR scala) NOT recruiter</code>
          </>
        }
      >
        {(props) => (
          <input
            {...props}
            readOnly={readOnly}
            value={draft.keywords}
            onChange={(e) => set("keywords", e.target.value)}
          />
        )}
      </Field>
      {text("titles", "Titles", "titles", "One per line; any one matches.")}
      {text("locationIds", "Location ids", "locationIds", "LinkedIn geo URN ids (digits), one per line.")}
      {text(
        "locationNames",
        "Location names",
        "locationNames",
        "Matched against a profile's location for the fit score.",
      )}
      <fieldset className="segmented">
        <legend>Network</legend>
        {NETWORK_DEGREES.map((d) => (
          <label key={d}>
            <input
              type="checkbox"
              disabled={readOnly}
              checked={draft.networkDegrees.includes(d)}
              onChange={(e) =>
                set(
                  "networkDegrees",
                  e.target.checked ? [...draft.networkDegrees, d] : draft.networkDegrees.filter((x) => x !== d),
                )
              }
            />
            {DEGREE_LABELS[d]}
          </label>
        ))}
      </fieldset>
      <NumberField
        label="Profiles per run at most"
        value={draft.maxProfiles}
        min={1}
        max={500}
        readOnly={readOnly}
        error={errors.maxProfiles}
        onChange={(v) => set("maxProfiles", v)}
      />
      <NumberField
        label="Lowest fit score that qualifies"
        value={draft.minFitScore}
        min={0}
        max={100}
        readOnly={readOnly}
        error={errors.minFitScore}
        onChange={(v) => set("minFitScore", v)}
      />
      <NumberField
        label="Do not visit again within (days)"
        value={draft.dedupeWindowDays}
        min={0}
        max={365}
        readOnly={readOnly}
        error={errors.dedupeWindowDays}
        onChange={(v) => set("dedupeWindowDays", v)}
      />
      {text(
        "excludedKeywords",
        "Excluded keywords",
        "exclusions.keywords",
        "One per line: searched as NOT, and cost points.",
      )}
      {text(
        "excludedProfiles",
        "Excluded profiles",
        "exclusions.profileUrls",
        "Profile URLs or public ids, one per line: never visited.",
      )}
    </>
  );
}
