import { describe, expect, it } from "vitest";
import { fitScore, positiveTerms, searchKeywords, sourcingCriteriaSchema } from "../../src/schemas.js";

const criteria = (input: Record<string, unknown>) => sourcingCriteriaSchema.parse(input);
const profile = {
  headline: "Senior Data Engineer chez Datalyse",
  about: "Python, Spark and a little Scala. Ex-recruiter.",
  location: "Paris, Île-de-France, France",
  openToWork: true,
  experienceTitles: ["Senior Data Engineer", "Analyst"],
};

describe("sourcing criteria", () => {
  it("fills in the defaults and refuses a search with neither keywords nor titles", () => {
    expect(criteria({ keywords: "python" })).toMatchObject({
      maxProfiles: 25,
      dedupeWindowDays: 30,
      minFitScore: 0,
      exclusions: { keywords: [], profileUrls: [] },
    });
    expect(sourcingCriteriaSchema.safeParse({}).success).toBe(false);
    expect(sourcingCriteriaSchema.safeParse({ keywords: "x", locationIds: ["Paris"] }).success).toBe(false);
  });

  it("builds LinkedIn's boolean keywords and reads back the terms a profile should show", () => {
    const c = criteria({
      keywords: '"data engineer" AND (python OR scala)',
      titles: ["Data Engineer", "ML Engineer"],
      exclusions: { keywords: ["recruiter"] },
    });
    expect(searchKeywords(c)).toBe(
      '("data engineer" AND (python OR scala)) AND ("Data Engineer" OR "ML Engineer") NOT "recruiter"',
    );
    expect(positiveTerms('"data engineer" AND (python OR scala) NOT recruiter NOT (sales OR hr)')).toEqual([
      "data engineer",
      "python",
      "scala",
    ]);
  });
});

describe("the fit score", () => {
  it("gives each criterion its points, scaled over the criteria the search set", () => {
    const all = fitScore(
      criteria({ keywords: "python scala rust", titles: ["data engineer"], locationNames: ["Paris"] }),
      profile,
    );
    // title 35 + keywords round(35 × 2/3) = 23 + location 20 + open to work 10 = 88 of 100.
    expect(all).toMatchObject({ score: 88, earned: 88, possible: 100 });
    expect(all.items.map((i) => [i.criterion, i.points, i.matched])).toEqual([
      ["title", 35, ["data engineer"]],
      ["keywords", 23, ["python", "scala"]],
      ["location", 20, ["Paris"]],
      ["openToWork", 10, ["open to work"]],
    ]);
    // Only titles set: 35 + 10 of 45 possible → 100.
    expect(fitScore(criteria({ titles: ["Data Engineer"] }), profile).score).toBe(100);
    // Accents and case do not matter.
    expect(fitScore(criteria({ titles: ["x"], locationNames: ["ile-de-france"] }), profile).items[1]).toMatchObject({
      points: 20,
    });
  });

  it("takes 25 off per excluded keyword found, at most 50, and never goes below 0", () => {
    const base = { titles: ["data engineer"] };
    expect(fitScore(criteria({ ...base, exclusions: { keywords: ["recruiter"] } }), profile).score).toBe(75);
    expect(
      fitScore(criteria({ ...base, exclusions: { keywords: ["recruiter", "scala", "python"] } }), profile),
    ).toMatchObject({ score: 50, items: expect.arrayContaining([expect.objectContaining({ points: -50 })]) });
    expect(
      fitScore(criteria({ titles: ["chef"], exclusions: { keywords: ["python"] } }), { ...profile, openToWork: false })
        .score,
    ).toBe(0);
  });
});
