import { join } from "node:path";
import { Fernet } from "fernet-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCalendarDate, zonedParts } from "../../src/index.js";
import { CALLER, FAST_SETTINGS, SIM_COOKIE, startCampaignHarness, type CampaignHarness } from "../campaigns/harness.js";
import { createOriginalDatabase } from "./original-database.js";

let h: CampaignHarness;
beforeAll(async () => {
  h = await startCampaignHarness();
});
afterAll(() => h.close());

const DAY = 86_400_000;

/** The original's naive timestamps: Paris wall-clock time, no offset. */
function parisNaive(at: Date): string {
  const p = zonedParts(at, "Europe/Paris");
  const time = [p.hour, p.minute, p.second].map((n) => String(n).padStart(2, "0")).join(":");
  return `${formatCalendarDate(p)}T${time}`;
}

describe("after moving from the original bot", () => {
  it("a birthday run skips everyone the original already wished for this birthday, and wishes the rest", async () => {
    const now = new Date();
    const source = join(h.dataDir, "linkedin.db");
    await createOriginalDatabase(source, {
      tables: {
        contacts: [
          { id: 1, name: "Jane Doe", created_at: "2024-01-01T10:00:00", updated_at: "2024-01-01T10:00:00" },
          {
            id: 2,
            name: "Marc Lefevre",
            linkedin_url: "https://www.linkedin.com/in/marc-lefevre/",
            created_at: "2024-01-01T10:00:00",
            updated_at: "2024-01-01T10:00:00",
          },
          { id: 3, name: "Marie Martin", created_at: "2024-01-01T10:00:00", updated_at: "2024-01-01T10:00:00" },
          { id: 4, name: "Old Friend", created_at: "2024-01-01T10:00:00", updated_at: "2024-01-01T10:00:00" },
        ],
        birthday_messages: [
          // Known only by name: matched to the card by name.
          {
            contact_id: 1,
            contact_name: "Jane Doe",
            message_text: "Joyeux anniversaire Jane !",
            sent_at: new Date(now.getTime() - 1000).toISOString(),
          },
          // A naive Paris time, yesterday, one day late: the birthday two days ago.
          {
            contact_id: 2,
            contact_name: "Marc Lefevre",
            message_text: "Avec un peu de retard, Marc !",
            sent_at: parisNaive(new Date(now.getTime() - DAY)),
            is_late: 1,
            days_late: 1,
          },
          // The original merged two Marie Martins into one: which one it wished is unknown.
          {
            contact_id: 3,
            contact_name: "Marie Martin",
            message_text: "Joyeux anniversaire Marie !",
            sent_at: new Date(now.getTime() - 2000).toISOString(),
          },
          // A previous birthday: no reason to skip this year's.
          {
            contact_id: 4,
            contact_name: "Old Friend",
            message_text: "Joyeux anniversaire !",
            sent_at: new Date(now.getTime() - 400 * DAY).toISOString(),
            is_late: 1,
            days_late: 2,
          },
        ],
        profile_visits: [
          {
            profile_name: "Marie Martin",
            profile_url: "https://www.linkedin.com/in/marie-martin-1/",
            visited_at: "2025-10-01T10:00:00",
          },
          {
            profile_name: "Marie Martin",
            profile_url: "https://www.linkedin.com/in/marie-martin-2/",
            visited_at: "2025-10-01T11:00:00",
          },
        ],
        blacklist: [{ contact_name: "Spam Person", added_at: "2025-01-01T10:00:00" }],
      },
    });
    // The session comes from the original's auth-state file (app_v2's raw Fernet token).
    const key = Fernet.generateKey();
    const state = {
      cookies: [
        {
          name: "li_at",
          value: SIM_COOKIE,
          domain: ".www.linkedin.com",
          path: "/",
          expires: -1,
          httpOnly: true,
          secure: true,
          sameSite: "None",
        },
        {
          name: "JSESSIONID",
          value: "ajax:42",
          domain: ".www.linkedin.com",
          path: "/",
          expires: -1,
          httpOnly: false,
          secure: true,
          sameSite: "None",
        },
      ],
      origins: [],
    };
    const report = await h.nudge.imports.run(
      1,
      { database: { path: source }, authState: Fernet.encrypt(JSON.stringify(state), key), fernetKey: key },
      { dryRun: false },
      CALLER,
    );
    expect(report.changes).toMatchObject({ birthdayMessages: 4, quotaReservations: 3, sessionStored: true });
    expect(report.ambiguities.map((a) => a.name)).toEqual(["Marie Martin"]);
    expect((await h.nudge.sessions.status(1)).summary?.cookieCount).toBe(2);
    expect(await h.nudge.sessions.check(1, CALLER)).toMatchObject({ status: "valid" });
    await h.nudge.settings.update(1, { patch: FAST_SETTINGS }, CALLER);

    await h.scenario({
      birthdays: [
        { name: "Jane Doe", publicId: "jane-doe", when: "today" },
        { name: "Marc Lefevre", publicId: "marc-lefevre", when: { daysAgo: 2 } },
        { name: "Marie Martin", publicId: "marie-martin-1", when: "today" },
        { name: "Marie Martin", publicId: "marie-martin-2", when: "today" },
        { name: "Old Friend", publicId: "old-friend", when: { daysAgo: 2 } },
        { name: "Spam Person", publicId: "spam-person", when: "today" },
        { name: "New Person", publicId: "new-person", when: "today" },
      ],
    });
    const run = await h.nudge.runs.start({ accountId: 1, kind: "birthday", dryRun: false, trigger: "api" }, CALLER);
    const done = await h.finished(run.id);
    expect(done.status).toBe("succeeded");
    expect((await h.simState()).sent.map((s) => s.to).sort()).toEqual(["new-person", "old-friend"]);
    expect(done.counters).toMatchObject({ sent: 2, "skipped:already_wished": 4, "skipped:blacklisted": 1 });

    // Importing the same files again changes nothing, and the next run still skips them.
    const again = await h.nudge.imports.run(1, { database: { path: source } }, { dryRun: false }, CALLER);
    expect(again.changes).toMatchObject({
      contactsCreated: 0,
      birthdayMessages: 0,
      profileVisits: 0,
      quotaReservations: 0,
    });
  });
});
