import { positiveTerms, type SourcingCriteria } from "./sourcing-criteria.js";

/**
 * The fit score (0–100) of a visited profile against the criteria, with the points of each
 * criterion kept beside it so a person sees why (docs/sourcing.md#fit-score). Browser-safe.
 */

/** The most each criterion can bring; a criterion the search did not set is left out of the total. */
export const FIT_POINTS = {
  title: 35,
  keywords: 35,
  location: 20,
  openToWork: 10,
  /** Taken off per excluded keyword found, at most twice. */
  exclusion: -25,
} as const;

export const FIT_SCORE_VERSION = 1;

export type FitCriterion = "title" | "keywords" | "location" | "openToWork" | "exclusions";

export interface FitItem {
  criterion: FitCriterion;
  points: number;
  /** The most it could bring (0 for exclusions, which only take away). */
  max: number;
  /** What matched, as written in the criteria. */
  matched: string[];
}

export interface FitBreakdown {
  version: number;
  score: number;
  /** Sum of the positive points earned, and the most they could have been. */
  earned: number;
  possible: number;
  items: FitItem[];
}

/** What the score reads of a profile. */
export interface ScoredProfile {
  headline: string;
  about: string;
  location: string;
  openToWork: boolean;
  experienceTitles: readonly string[];
}

/** Case- and accent-insensitive. */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/**
 * Positive criteria earn points, scaled to 100 over the criteria the search set; each excluded
 * keyword found then takes 25 off (at most 50). The result is clamped to 0–100 and rounded.
 */
export function fitScore(
  criteria: Pick<SourcingCriteria, "keywords" | "titles" | "locationNames" | "exclusions">,
  profile: ScoredProfile,
): FitBreakdown {
  const titleText = fold([profile.headline, ...profile.experienceTitles].join("\n"));
  const text = fold([profile.headline, profile.about, ...profile.experienceTitles].join("\n"));
  const items: FitItem[] = [];

  if (criteria.titles.length > 0) {
    const matched = criteria.titles.filter((t) => titleText.includes(fold(t)));
    items.push({
      criterion: "title",
      points: matched.length > 0 ? FIT_POINTS.title : 0,
      max: FIT_POINTS.title,
      matched,
    });
  }
  const terms = positiveTerms(criteria.keywords);
  if (terms.length > 0) {
    const matched = terms.filter((t) => text.includes(fold(t)));
    const points = Math.round((FIT_POINTS.keywords * matched.length) / terms.length);
    items.push({ criterion: "keywords", points, max: FIT_POINTS.keywords, matched });
  }
  if (criteria.locationNames.length > 0) {
    const where = fold(profile.location);
    const matched = criteria.locationNames.filter((l) => where.includes(fold(l)));
    items.push({
      criterion: "location",
      points: matched.length > 0 ? FIT_POINTS.location : 0,
      max: FIT_POINTS.location,
      matched,
    });
  }
  items.push({
    criterion: "openToWork",
    points: profile.openToWork ? FIT_POINTS.openToWork : 0,
    max: FIT_POINTS.openToWork,
    matched: profile.openToWork ? ["open to work"] : [],
  });
  const earned = items.reduce((n, i) => n + i.points, 0);
  const possible = items.reduce((n, i) => n + i.max, 0);

  const excluded = criteria.exclusions.keywords.filter((k) => text.includes(fold(k)));
  const penalty = Math.max(2 * FIT_POINTS.exclusion, excluded.length * FIT_POINTS.exclusion);
  if (criteria.exclusions.keywords.length > 0) {
    items.push({ criterion: "exclusions", points: penalty, max: 0, matched: excluded });
  }
  const scaled = possible > 0 ? (100 * earned) / possible : 0;
  const score = Math.min(100, Math.max(0, Math.round(scaled + penalty)));
  return { version: FIT_SCORE_VERSION, score, earned, possible, items };
}
