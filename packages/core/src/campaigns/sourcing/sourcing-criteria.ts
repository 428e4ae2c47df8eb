import { z } from "zod";

/**
 * What a sourcing run looks for (docs/sourcing.md#criteria). Browser-safe: the panel's form
 * validates with this very schema (`@nudge/core/schemas`).
 */

/** LinkedIn's people-search network filter: F = 1st, S = 2nd, O = 3rd and beyond. */
export const NETWORK_DEGREES = ["F", "S", "O"] as const;
export type NetworkDegree = (typeof NETWORK_DEGREES)[number];

const word = z.string().trim().min(1).max(100);

/** A profile URL as a person pastes it (`https://www.linkedin.com/in/jane-doe/`) or a bare public id. */
const profileRef = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((s) => /\/in\/[^/?#]+/.test(s) || /^[\p{L}\p{N}_%.-]{1,100}$/u.test(s), {
    message: "a profile URL (…/in/jane-doe/) or a public id (jane-doe)",
  });

export const sourcingCriteriaSchema = z
  .object({
    /** LinkedIn's boolean syntax: `"data engineer" AND (python OR scala) NOT recruiter`. */
    keywords: z.string().trim().max(500).default(""),
    /** Job titles; any one of them matches (searched as quoted phrases, scored on headline and experience). */
    titles: z.array(word).max(20).default([]),
    /** LinkedIn geo URN ids (digits), for the search itself. */
    locationIds: z
      .array(z.string().regex(/^\d{1,20}$/, "a LinkedIn geo URN id (digits)"))
      .max(20)
      .default([]),
    /** Place names matched against the location a profile shows, for the fit score (a page shows names, not ids). */
    locationNames: z.array(word).max(20).default([]),
    networkDegrees: z.array(z.enum(NETWORK_DEGREES)).max(3).default([]),
    /** At most this many profiles are visited by one run. */
    maxProfiles: z.number().int().min(1).max(500).default(25),
    exclusions: z
      .object({
        /** A profile whose headline or About holds one of these loses points (and the search says NOT). */
        keywords: z.array(word).max(50).default([]),
        /** Never visited. */
        profileUrls: z.array(profileRef).max(500).default([]),
      })
      .prefault({}),
    /** Contacts scoring below it are kept but reported as not qualified. */
    minFitScore: z.number().int().min(0).max(100).default(0),
    /** A profile visited within this many days is not visited again. */
    dedupeWindowDays: z.number().int().min(0).max(365).default(30),
  })
  .refine((c) => c.keywords.length > 0 || c.titles.length > 0, {
    message: "give keywords or at least one title",
    path: ["keywords"],
  });

export type SourcingCriteria = z.output<typeof sourcingCriteriaSchema>;
export type SourcingCriteriaInput = z.input<typeof sourcingCriteriaSchema>;

/** A saved search's name: what `nudge run sourcing --search NAME` takes. */
export const savedSearchNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\s/][^/]*$/, "a name without slashes");

/**
 * The keyword expression a search sends: the criteria's keywords, `AND ("t1" OR "t2")` for the
 * titles, `NOT "x"` for each excluded keyword.
 */
export function searchKeywords(criteria: Pick<SourcingCriteria, "keywords" | "titles" | "exclusions">): string {
  const quote = (s: string) => `"${s.replace(/"/g, "")}"`;
  const parts: string[] = [];
  const keywords = criteria.keywords.trim();
  if (keywords) parts.push(criteria.titles.length > 0 ? `(${keywords})` : keywords);
  if (criteria.titles.length === 1) parts.push(quote(criteria.titles[0] as string));
  else if (criteria.titles.length > 1) parts.push(`(${criteria.titles.map(quote).join(" OR ")})`);
  const positive = parts.join(" AND ");
  const not = criteria.exclusions.keywords.map((k) => `NOT ${quote(k)}`).join(" ");
  return [positive, not].filter(Boolean).join(" ");
}

/**
 * The terms of a boolean keyword expression a profile should show: words and "phrases" that are
 * not under a NOT, without the operators. `"data engineer" AND (python OR scala) NOT recruiter`
 * → `data engineer`, `python`, `scala`.
 */
export function positiveTerms(keywords: string): string[] {
  const out: string[] = [];
  let negate = false;
  let depth = 0;
  let negatedDepth = -1;
  for (const m of keywords.matchAll(/"([^"]*)"|(\(|\))|([^\s()"]+)/g)) {
    const [, phrase, paren, bare] = m;
    if (paren === "(") {
      if (negate) negatedDepth = depth;
      negate = false;
      depth++;
      continue;
    }
    if (paren === ")") {
      depth = Math.max(0, depth - 1);
      if (negatedDepth === depth) negatedDepth = -1;
      continue;
    }
    if (bare === "AND" || bare === "OR") continue;
    if (bare === "NOT") {
      negate = true;
      continue;
    }
    const term = (phrase ?? bare ?? "").trim();
    if (term && !negate && negatedDepth < 0 && !out.includes(term.toLowerCase())) out.push(term.toLowerCase());
    negate = false;
  }
  return out;
}
