import type { Locator } from "playwright-core";

/**
 * Every LinkedIn URL the engine opens, built from one base URL (`LINKEDIN_BASE_URL`, default
 * https://www.linkedin.com) so tests and the demo point the engine at the simulator.
 */

export const DEFAULT_LINKEDIN_BASE_URL = "https://www.linkedin.com";

export interface PeopleSearchQuery {
  /** LinkedIn boolean syntax: `"data engineer" AND (python OR scala) NOT recruiter`. */
  keywords?: string;
  titles?: string[];
  /** Numeric geo URN ids (free text does not work: the original bot's bug). */
  locationIds?: string[];
  /** F = 1st, S = 2nd, O = 3rd+. */
  networkDegrees?: Array<"F" | "S" | "O">;
  page?: number;
}

export function linkedinUrls(baseUrl: string = DEFAULT_LINKEDIN_BASE_URL) {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    base,
    feed: `${base}/feed/`,
    login: `${base}/login`,
    /** The Catch-up birthday list the original bot used. */
    birthdays: `${base}/mynetwork/catch-up/birthday/`,
    /** The older celebrations URL, tried when the first one does not show the list. */
    celebrations: `${base}/mynetwork/invite-connect/celebrations/birthdays/`,
    profile: (publicId: string) => `${base}/in/${encodeURIComponent(publicId)}/`,
    peopleSearch: (query: PeopleSearchQuery) => {
      const params = new URLSearchParams();
      const keywords = [query.keywords?.trim(), ...(query.titles ?? []).map((t) => `"${t.replace(/"/g, "")}"`)].filter(
        Boolean,
      );
      if (query.titles && query.titles.length > 1 && query.keywords?.trim()) {
        // keywords AND (title1 OR title2)
        params.set(
          "keywords",
          `${query.keywords.trim()} AND (${query.titles.map((t) => `"${t.replace(/"/g, "")}"`).join(" OR ")})`,
        );
      } else if (keywords.length > 0) params.set("keywords", keywords.join(" "));
      if (query.locationIds?.length) params.set("geoUrn", JSON.stringify(query.locationIds));
      if (query.networkDegrees?.length) params.set("network", JSON.stringify(query.networkDegrees));
      params.set("origin", "FACETED_SEARCH");
      if (query.page && query.page > 1) params.set("page", String(query.page));
      return `${base}/search/results/people/?${params.toString()}`;
    },
  };
}

export type LinkedinUrls = ReturnType<typeof linkedinUrls>;

/**
 * `https://www.linkedin.com/in/jane-doe/?miniProfileUrn=…` → the canonical profile URL (no query,
 * no fragment, trailing slash) on `baseUrl`, and the public id; null for anything that is not a
 * profile link.
 */
export function canonicalProfile(href: string, baseUrl: string): { profileUrl: string; publicId: string } | null {
  let url: URL;
  try {
    url = new URL(href, baseUrl);
  } catch {
    return null;
  }
  const m = /^\/in\/([^/?#]+)\/?/.exec(url.pathname);
  if (!m) return null;
  const publicId = decodeURIComponent(m[1] as string);
  if (!/^[\p{L}\p{N}_%.-]{1,100}$/u.test(publicId)) return null;
  return { profileUrl: linkedinUrls(baseUrl).profile(publicId), publicId };
}

/** What a profile link's href looks like (`/in/<id>/`), as a regex source for `readMany`. */
export const PROFILE_HREF_PATTERN = "/in/[^/?#]+";

/** Selector acceptance check: the element is a link to a profile. */
export async function isProfileLink(element: Locator): Promise<boolean> {
  const href = await element.getAttribute("href", { timeout: 1_000 });
  return href !== null && new RegExp(PROFILE_HREF_PATTERN).test(href);
}
