import { accounts, campaignRuns, runEvents } from "@nudge/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.destroy());

async function run(
  accountId: number,
  events: { seq: number; level: "info" | "warn" | "error"; type: string; at: number }[],
) {
  const db = api.database.db;
  const [row] = await db
    .insert(campaignRuns)
    .values({ accountId, kind: "birthday", trigger: "manual", status: "failed", createdAt: new Date(events[0]!.at) })
    .returning();
  await db
    .insert(runEvents)
    .values(events.map((e) => ({ ...e, runId: row!.id, at: new Date(e.at), data: { key: e.type } })));
  return row!.id;
}

describe("campaigns.runs.problems", () => {
  it("lists the warnings and errors of the account's runs, newest first, and nothing of other accounts", async () => {
    const t = Date.parse("2026-11-20T10:00:00Z");
    const first = await run(1, [
      { seq: 1, level: "info", type: "run.started", at: t },
      { seq: 2, level: "warn", type: "selector.miss", at: t + 1_000 },
    ]);
    const second = await run(1, [
      { seq: 1, level: "error", type: "contact.failed", at: t + 60_000 },
      { seq: 2, level: "info", type: "contact.sent", at: t + 61_000 },
    ]);
    const [other] = await api.database.db.insert(accounts).values({ name: "other" }).returning();
    await run(other!.id, [{ seq: 1, level: "error", type: "run.refused", at: t + 120_000 }]);

    const problems = await api.caller("viewer").campaigns.runs.problems({ accountId: 1 });
    expect(problems.map((p) => [p.runId, p.seq, p.level, p.type])).toEqual([
      [second, 1, "error", "contact.failed"],
      [first, 2, "warn", "selector.miss"],
    ]);
    expect(problems[1]).toMatchObject({ kind: "birthday", dryRun: false, data: { key: "selector.miss" } });
    expect(await api.caller("viewer").campaigns.runs.problems({ accountId: 1, limit: 1 })).toHaveLength(1);
    await expect(api.caller(null).campaigns.runs.problems({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
