import type { LookupKey } from "../browser/selectors/catalog.js";

export const CHECKED_PAGES = ["feed", "birthdays", "messaging", "own_profile", "search"] as const;
export type CheckedPage = (typeof CHECKED_PAGES)[number];

/**
 * One thing a page must show: `key`, or else `orElse` (an empty list shows its empty state,
 * which is no drift); when `key` is found, each of `inside` must be found within it.
 */
export interface KeyStep {
  key: LookupKey;
  has?: string;
  orElse?: LookupKey;
  inside?: LookupKey[];
}

export interface PagePlan {
  page: CheckedPage;
  /** Null: the URL is learnt on the way (the own profile, read from the feed). */
  path: string | null;
  steps: KeyStep[];
}

const PROFILE_LINK = "a[href*='/in/']";

/**
 * The pages the engine relies on and the keys each must resolve (docs/notifications.md#page-check).
 * Cards are only counted when they hold a profile link, as the page objects do.
 */
export function pageCheckPlan(searchKeywords: string): PagePlan[] {
  return [
    { page: "feed", path: "/feed/", steps: [{ key: "feed.logged_in_marker" }] },
    {
      page: "birthdays",
      path: "/mynetwork/catch-up/birthday/",
      steps: [
        { key: "feed.logged_in_marker" },
        {
          key: "birthday.card",
          has: PROFILE_LINK,
          orElse: "birthday.empty_state",
          inside: ["birthday.card.name", "birthday.card.profile_link", "birthday.card.date_text"],
        },
      ],
    },
    { page: "messaging", path: "/messaging/", steps: [{ key: "feed.logged_in_marker" }] },
    {
      page: "own_profile",
      path: null,
      steps: [{ key: "profile.top_card" }, { key: "profile.name" }, { key: "profile.headline" }],
    },
    {
      page: "search",
      path: `/search/results/people/?keywords=${encodeURIComponent(searchKeywords)}&origin=GLOBAL_SEARCH_HEADER`,
      steps: [
        { key: "feed.logged_in_marker" },
        {
          key: "search.result_card",
          has: PROFILE_LINK,
          orElse: "search.no_results",
          inside: ["search.result_link", "search.result_name"],
        },
      ],
    },
  ];
}
