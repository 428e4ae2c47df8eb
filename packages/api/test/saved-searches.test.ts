import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.destroy());

const criteria = { keywords: '"data engineer"', titles: ["Data Engineer"], maxProfiles: 20 };

describe("saved searches", () => {
  it("are saved by operators, read by viewers, replaced by name and deleted", async () => {
    await expect(api.caller("viewer").savedSearches.save({ name: "engineers", criteria })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const saved = await api.caller("operator").savedSearches.save({ name: "engineers", criteria });
    expect(saved.criteria).toMatchObject({ ...criteria, dedupeWindowDays: 30, exclusions: { keywords: [] } });
    await api.caller("operator").savedSearches.save({ name: "engineers", criteria: { ...criteria, maxProfiles: 5 } });
    const list = await api.caller("viewer").savedSearches.list({});
    expect(list.map((s) => [s.name, s.criteria.maxProfiles])).toEqual([["engineers", 5]]);
    await api.caller("operator").savedSearches.delete({ name: "engineers" });
    await expect(api.caller("viewer").savedSearches.get({ name: "engineers" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses criteria the schema refuses", async () => {
    await expect(
      api.caller("operator").savedSearches.save({ name: "nothing", criteria: { keywords: "" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      api.caller("operator").savedSearches.save({ name: "x", criteria: { keywords: "a", locationIds: ["Paris"] } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("campaigns.startSourcing", () => {
  it("takes a saved search or inline criteria, not both, and refuses an unknown search", async () => {
    const operator = api.caller("operator");
    await expect(operator.campaigns.startSourcing({ search: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(operator.campaigns.startSourcing({ search: "x", criteria })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(operator.campaigns.startSourcing({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.caller("viewer").campaigns.startSourcing({ criteria })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
