import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLER, startCampaignHarness, type CampaignHarness } from "./harness.js";

let h: CampaignHarness;
beforeAll(async () => {
  h = await startCampaignHarness();
});
afterAll(() => h.close());

describe("accounts are independent", () => {
  it("runs two accounts' birthday runs at the same time in one process, each within its own rules", async () => {
    const pacing = { birthdayDelaySeconds: { min: 1, max: 1 } };
    const first = await h.account({ pacing });
    // The second account's daily limit is 2: its quota is its own, the first account's is untouched.
    const second = await h.account({ pacing, quotas: { birthday_message: { perDay: 2 } } });
    await h.scenario({
      birthdays: Array.from({ length: 3 }, (_, i) => ({
        name: `Shared Friend${i}`,
        publicId: `shared-${i}`,
        when: "today" as const,
      })),
    });
    const start = (accountId: number) =>
      h.nudge.runs.start({ accountId, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    const [runA, runB] = await Promise.all([start(first), start(second)]);
    const [a, b] = await Promise.all([h.finished(runA.id), h.finished(runB.id)]);

    // Both executed at once: each started before the other finished.
    expect(a.startedAt!.getTime()).toBeLessThan(b.finishedAt!.getTime());
    expect(b.startedAt!.getTime()).toBeLessThan(a.finishedAt!.getTime());
    expect(a.counters).toMatchObject({ sent: 3 });
    expect(b.counters).toMatchObject({ sent: 2, "skipped:quota_limited": 1 });
    // One wish per account per person: the simulator got every friend from the first account and
    // two of them from the second.
    const sent = (await h.simState()).sent;
    expect(sent).toHaveLength(5);
    const perPerson = new Map<string, number>();
    for (const message of sent) perPerson.set(message.to, (perPerson.get(message.to) ?? 0) + 1);
    expect([...perPerson.values()].sort()).toEqual([1, 2, 2]);
  });
});
