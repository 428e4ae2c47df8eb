import { createClient, type NudgeClient } from "@nudge/client";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, waitFor } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

const COOKIE = "AQEDAbirthdayCampaignSimulatedCookie0123456789XYZ";
const TIMEZONE = "Europe/Paris";
const FAST = {
  pacing: { birthdayDelaySeconds: { min: 0, max: 0 }, typingDelayMs: { min: 0, max: 0 }, idleActivityChance: 0 },
  workingHours: { start: "00:00", end: "24:00" },
};

interface SimState {
  sent: { to: string; text: string }[];
  invitations: unknown[];
  honeypotClicks: number;
}

let sim: RunningSimulator;
let server: TestServer;
let admin: NudgeClient;

beforeAll(async () => {
  sim = await startSimulator({ port: await freePort(), scenario: { cookie: COOKIE, birthdays: [] } });
  server = await startTestServer({ LINKEDIN_BASE_URL: sim.url, CHROMIUM_PATH: chromiumPath() });
  admin = createClient({ url: server.url, apiKey: ADMIN_KEY });
});
afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

async function scenario(input: ScenarioInput): Promise<void> {
  const response = await fetch(`${sim.url}/__sim/scenario`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ cookie: COOKIE, timezone: TIMEZONE, ...input }),
  });
  expect(response.ok).toBe(true);
}

const simState = async () => (await (await fetch(`${sim.url}/__sim/state`)).json()) as SimState;

async function runToEnd(accountId: number, dryRun: boolean) {
  const run = await admin.campaigns.startBirthday.mutate({ accountId, dryRun });
  return waitFor(
    async () => {
      const current = await admin.campaigns.runs.get.query({ runId: run.id });
      return ["succeeded", "failed", "cancelled", "interrupted"].includes(current.status) ? current : null;
    },
    { timeoutMs: 120_000, intervalMs: 200, what: `run ${run.id}` },
  );
}

/** In five days, as the simulator's explicit "MM-DD" card date. */
function inFiveDays(): string {
  const date = new Date(Date.now() + 5 * 86_400_000);
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIMEZONE,
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(date);
  return `${parts.find((p) => p.type === "month")!.value}-${parts.find((p) => p.type === "day")!.value}`;
}

const people = () => [
  { name: "Ada Today", publicId: "ada-today", when: "today" as const },
  { name: "Bob Late", publicId: "bob-late", when: { daysAgo: 3 } },
  { name: "Cyd Old", publicId: "cyd-old", when: { daysAgo: 15 } },
  { name: "Dan Soon", publicId: "dan-soon", when: inFiveDays() },
  { name: "Eve Stranger", publicId: "eve-stranger", when: "today" as const, connection: false },
  { name: "Fay Black", publicId: "fay-black", when: "today" as const },
  { name: "Gil Same", publicId: "gil-same-1", when: "today" as const },
  { name: "Gil Same", publicId: "gil-same-2", when: { daysAgo: 1 } },
  { name: "Hal Done", publicId: "hal-done", when: { daysAgo: 2 } },
];

const WISHED = ["ada-today", "bob-late", "gil-same-1", "gil-same-2"];

describe.each([
  { variant: "a", locale: "en" },
  { variant: "b", locale: "fr" },
  { variant: "b", locale: "en" },
  { variant: "a", locale: "fr" },
  // LinkedIn's 2026 markup: compose pop-up with a suggestion to replace, list scrolling in <main>.
  { variant: "c", locale: "en" },
  { variant: "c", locale: "fr" },
] as const)("a birthday run on variant $variant in $locale", ({ variant, locale }) => {
  it("sends exactly the expected wishes to exactly the expected people, and records them", async () => {
    const account = await admin.accounts.create.mutate({ name: `${variant}-${locale}`, timezone: TIMEZONE, locale });
    const accountId = account.id;
    await admin.settings.update.mutate({ accountId, patch: FAST });
    await admin.accounts.uploadSession.mutate({ accountId, session: COOKIE, check: false });

    // Last week, Hal got this year's wish.
    await scenario({ variant, locale, birthdays: [people().find((p) => p.publicId === "hal-done")!] });
    expect((await runToEnd(accountId, false)).counters).toMatchObject({ sent: 1 });

    // A dry run meets everyone, so Fay can be blacklisted by a person before the real run.
    await scenario({ variant, locale, birthdays: people(), faults: { honeypot: true } });
    const dry = await runToEnd(accountId, true);
    expect(dry.status).toBe("succeeded");
    expect((await simState()).sent).toEqual([]);
    const fay = (await admin.data.contacts.list.query({ accountId, search: "Fay" })).items[0]!;
    await admin.data.contacts.blacklist.mutate({ accountId, id: fay.id });

    const real = await runToEnd(accountId, false);
    expect(real.status).toBe("succeeded");
    const state = await simState();
    expect(state.sent.map((m) => m.to).sort()).toEqual(WISHED);
    expect(state.invitations).toEqual([]);
    expect(state.honeypotClicks).toBe(0);
    expect(real.counters).toMatchObject({
      sent: 4,
      "skipped:outside_late_window": 1,
      "skipped:upcoming": 1,
      "skipped:not_a_connection": 1,
      "skipped:blacklisted": 1,
      "skipped:already_wished": 1,
    });

    // Every message has its interaction with the very text that went out, in the account's language.
    const report = real.report.entries;
    for (const message of state.sent) {
      const entry = report.find((e) => e.outcome === "sent" && e.profileUrl?.includes(`/in/${message.to}/`));
      expect(entry?.text).toBe(message.text);
      const contactId = entry!.contactId!;
      const { items } = await admin.data.interactions.list.query({ accountId, contactId, type: "birthday_message" });
      expect(items.filter((i) => i.status === "sent").map((i) => i.messageText)).toEqual([message.text]);
      expect(message.text).toMatch(locale === "fr" ? /anniversaire/i : /birthday/i);
    }
    const skipped = Object.fromEntries(
      report
        .filter((e) => e.outcome === "skipped")
        .map((e) => [e.profileUrl!.split("/in/")[1]!.replace("/", ""), e.reason]),
    );
    expect(skipped).toMatchObject({
      "cyd-old": "outside_late_window",
      "dan-soon": "upcoming",
      "eve-stranger": "not_a_connection",
      "fay-black": "blacklisted",
      "hal-done": "already_wished",
    });
    // The dry run's report listed exactly what the real one then sent.
    expect(
      dry.report.entries
        .filter((e) => e.outcome === "dry_run")
        .map((e) => e.profileUrl)
        .sort(),
    ).toEqual([...WISHED, "fay-black"].map((id) => `${sim.url}/in/${id}/`).sort());
  });
});
