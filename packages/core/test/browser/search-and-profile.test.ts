import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { linkedinUrls } from "../../src/browser/pages/linkedin-urls.js";
import { ProfilePage } from "../../src/browser/pages/profile-page.js";
import { SearchResultsPage } from "../../src/browser/pages/search-results-page.js";
import { startBrowserHarness, type BrowserHarness } from "./harness.js";

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterEach(async () => {
  await h?.closeSessions();
});
afterAll(async () => {
  await h?.close();
});

const PROFILES = [
  {
    publicId: "camille-durand",
    name: "Camille Durand",
    headline: "Senior Data Engineer at Datalyse",
    location: "Paris, Île-de-France, France",
    company: "Datalyse",
    openToWork: true,
    about: "Camille builds data platforms. ".repeat(150),
    degree: 2 as const,
  },
  {
    publicId: "lucas-moreau",
    name: "Lucas Moreau",
    headline: "DevOps Engineer · Kubernetes",
    location: "Lyon, France",
    company: "CloudOps",
    openToWork: false,
    about: "",
    degree: 1 as const,
  },
  {
    publicId: "ines-garcia",
    name: "Inès Garcia",
    headline: "Product Manager chez Fintechia",
    location: "Bordeaux, France",
    company: "Fintechia",
    openToWork: false,
    about: "PM.",
    degree: 3 as const,
  },
  {
    publicId: "noah-schmidt",
    name: "Noah Schmidt",
    headline: "Backend Developer",
    location: "Berlin, Germany",
    company: "Nordwerk",
    openToWork: true,
    about: "Node.js",
    degree: 2 as const,
  },
  {
    publicId: "emma-wilson",
    name: "Emma Wilson",
    headline: "Data Engineer at Acme",
    location: "London, United Kingdom",
    company: "Acme",
    openToWork: false,
    about: "Spark",
    degree: 2 as const,
  },
  {
    publicId: "yuki-tanaka",
    name: "Yuki Tanaka",
    headline: "Machine Learning Engineer",
    location: "Tokyo, Japan",
    company: "Kumo AI",
    openToWork: false,
    about: "ML",
    degree: 2 as const,
  },
  {
    publicId: "ben-carter",
    name: "Ben Carter",
    headline: "Data Engineer · Spark, Airflow",
    location: "Manchester, United Kingdom",
    company: "Northwind",
    openToWork: false,
    about: "Airflow",
    degree: 2 as const,
  },
];

describe.each([
  ["en", "a"],
  ["en", "b"],
  ["fr", "a"],
  ["fr", "b"],
  ["en", "c"],
  ["fr", "c"],
] as const)("search and profiles (locale %s, DOM variant %s)", (locale, variant) => {
  it("pages through people-search results with canonical profile URLs", async () => {
    await h.scenario({ locale, variant, profiles: PROFILES, birthdays: [], search: { pageSize: 2 } });
    const { page } = await h.session();
    const { engine } = h.engine();
    const search = new SearchResultsPage(page, { engine, baseUrl: h.sim.url });
    await search.goto({ keywords: "Engineer" });
    const seen: string[] = [];
    const pages: number[] = [];
    for (;;) {
      const results = await search.results();
      pages.push(results.length);
      for (const r of results) {
        expect(r.profileUrl).toBe(`${h.sim.url}/in/${r.publicId}/`);
        expect(r.name).toBe(PROFILES.find((p) => p.publicId === r.publicId)?.name);
        seen.push(r.publicId);
      }
      if (!(await search.next())) break;
    }
    expect(seen).toEqual(["camille-durand", "lucas-moreau", "emma-wilson", "yuki-tanaka", "ben-carter"]);
    expect(pages).toEqual([2, 2, 1]);
    expect(search.pageNumber).toBe(3);
  });

  it("reads a profile's name, headline, location, company, open-to-work and a bounded About", async () => {
    await h.scenario({ locale, variant, profiles: PROFILES, birthdays: [] });
    const { page } = await h.session();
    const { engine } = h.engine();
    const profile = new ProfilePage(page, { engine, baseUrl: h.sim.url });
    for (const expected of [PROFILES[0], PROFILES[1], PROFILES[2]]) {
      if (!expected) continue;
      await profile.visit(expected.publicId);
      const data = await profile.read();
      expect(data).toMatchObject({
        profileUrl: `${h.sim.url}/in/${expected.publicId}/`,
        publicId: expected.publicId,
        name: expected.name,
        firstName: expected.name.split(" ")[0],
        headline: expected.headline,
        location: expected.location,
        company: expected.company,
        openToWork: expected.openToWork,
        degree: expected.degree,
      });
      expect(data.about.length).toBeLessThanOrEqual(2000);
      expect(expected.about.startsWith(data.about)).toBe(true);
      if (expected.about) expect(data.about.length).toBeGreaterThan(0);
    }
    const visits = (await h.simState()).visits.map((v) => v.publicId);
    expect(visits).toEqual(["camille-durand", "lucas-moreau", "ines-garcia"]);
  });
});

describe("linkedinUrls", () => {
  it("builds every URL from the base URL", () => {
    const urls = linkedinUrls("http://127.0.0.1:9/");
    expect(urls.birthdays).toBe("http://127.0.0.1:9/mynetwork/catch-up/birthday/");
    expect(urls.celebrations).toBe("http://127.0.0.1:9/mynetwork/invite-connect/celebrations/birthdays/");
    expect(urls.profile("jane-doe")).toBe("http://127.0.0.1:9/in/jane-doe/");
    const search = new URL(
      urls.peopleSearch({ keywords: "data engineer", locationIds: ["103644278"], networkDegrees: ["S", "O"], page: 2 }),
    );
    expect(search.pathname).toBe("/search/results/people/");
    expect(search.searchParams.get("keywords")).toBe("data engineer");
    expect(search.searchParams.get("geoUrn")).toBe('["103644278"]');
    expect(search.searchParams.get("network")).toBe('["S","O"]');
    expect(search.searchParams.get("page")).toBe("2");
  });
});
