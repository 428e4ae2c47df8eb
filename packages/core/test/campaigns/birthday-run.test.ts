import { contacts, interactions } from "@nudge/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLER, startCampaignHarness, type CampaignHarness } from "./harness.js";

let h: CampaignHarness;
beforeAll(async () => {
  h = await startCampaignHarness();
});
afterAll(() => h.close());

describe("a birthday run against the simulator", () => {
  it("wishes exactly the people it should, once, with the exact text recorded", async () => {
    await h.scenario({
      birthdays: [
        { name: "Jane Doe", publicId: "jane-doe", when: "today" },
        { name: "Marc Lefevre", publicId: "marc-lefevre", when: { daysAgo: 2 } },
        { name: "Old Friend", publicId: "old-friend", when: { daysAgo: 20 } },
        { name: "Tom Becker", publicId: "tom-becker", when: "today", connection: false, offer: "follow" },
        { name: "Marie Martin", publicId: "marie-martin-1", when: "today" },
        { name: "Marie Martin", publicId: "marie-martin-2", when: { daysAgo: 1 } },
      ],
    });
    const run = await h.nudge.runs.start({ accountId: 1, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    const done = await h.finished(run.id);
    expect(done.status).toBe("succeeded");
    const state = await h.simState();
    expect(state.sent.map((s) => s.to).sort()).toEqual([
      "jane-doe",
      "marc-lefevre",
      "marie-martin-1",
      "marie-martin-2",
    ]);
    expect(state.invitations).toEqual([]);
    expect(done.counters).toMatchObject({ sent: 4, "skipped:outside_late_window": 1, "skipped:not_a_connection": 1 });
    const rows = await h.db.db.select().from(interactions);
    const sent = rows.filter((r) => r.status === "sent");
    expect(sent).toHaveLength(4);
    for (const message of state.sent) {
      const people = await h.db.db.select().from(contacts);
      const person = people.find((p) => p.publicId === message.to)!;
      expect(sent.find((r) => r.contactId === person.id)?.messageText).toBe(message.text);
    }
    expect(done.report.entries.filter((e) => e.outcome === "sent")).toHaveLength(4);

    // A second run finds everyone already wished.
    const again = await h.nudge.runs.start({ accountId: 1, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    const second = await h.finished(again.id);
    expect(second.counters).toMatchObject({ "skipped:already_wished": 4 });
    expect((await h.simState()).sent).toHaveLength(4);
  });
});
