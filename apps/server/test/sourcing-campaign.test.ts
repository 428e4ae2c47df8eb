import { createClient, type NudgeClient } from "@nudge/client";
import { startSimulator, type RunningSimulator, type ScenarioInput } from "@nudge/linkedin-sim";
import { chromiumPath, freePort, waitFor } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

const COOKIE = "AQEDAsourcingCampaignSimulatedCookie0123456789XYZ";
const TIMEZONE = "Europe/Paris";
const DAY = 86_400_000;
const FAST = {
  pacing: {
    visitOnProfileSeconds: { min: 0, max: 0 },
    visitBetweenProfilesSeconds: { min: 0, max: 0 },
    birthdayDelaySeconds: { min: 0, max: 0 },
    typingDelayMs: { min: 0, max: 0 },
    idleActivityChance: 0,
  },
  workingHours: { start: "00:00", end: "24:00" },
};

interface SimState {
  sent: { to: string }[];
  visits: { publicId: string }[];
  invitations: unknown[];
}

/** 60 people; every third one and three more (23) are data engineers, over 3 result pages of 10. */
const MATCHING = new Set([...Array.from({ length: 20 }, (_, i) => i * 3), 1, 31, 59]);
const people = Array.from({ length: 60 }, (_, i) => {
  const n = String(i + 1).padStart(2, "0");
  const matches = MATCHING.has(i);
  return {
    publicId: `person-${n}`,
    name: i % 2 ? `Zoé Lefèvre ${n}` : `Jan Novák ${n}`,
    headline: matches ? `Data Engineer at Datalyse ${n}` : `Product Manager chez Produits ${n}`,
    location: i % 4 === 0 ? "Paris, Île-de-France, France" : "Lyon, Auvergne-Rhône-Alpes, France",
    company: matches ? `Datalyse ${n}` : `Produits ${n}`,
    openToWork: i % 5 === 0,
    about: `About ${n}: pipelines, “quotes”, and commas, all the same.`,
    degree: i % 2 ? 2 : 3,
  };
});
const matches = people.filter((_, i) => MATCHING.has(i));
/** Visited five days before the run: the run must skip them. */
const EARLIER = [matches[2]!, matches[10]!, matches[17]!];
const EXPECTED = matches.filter((p) => !EARLIER.includes(p));

const criteria = {
  keywords: '"data engineer"',
  titles: ["Data Engineer"],
  locationNames: ["Paris"],
  maxProfiles: 20,
};

let sim: RunningSimulator;
let proxy: FaultProxy;
let server: TestServer;
let admin: NudgeClient;
/** The server's clock runs this far from the real one (a run "five days ago"). */
let offsetMs = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: await freePort(), scenario: { cookie: COOKIE, birthdays: [] } });
  proxy = await startFaultProxy(sim.url);
  server = await startTestServer(
    { LINKEDIN_BASE_URL: proxy.url, CHROMIUM_PATH: chromiumPath() },
    { clock: { now: () => new Date(Date.now() + offsetMs) } },
  );
  admin = createClient({ url: server.url, apiKey: ADMIN_KEY });
});
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await sim?.close();
});

async function scenario(input: ScenarioInput): Promise<void> {
  const response = await fetch(`${sim.url}/__sim/scenario`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ cookie: COOKIE, timezone: TIMEZONE, birthdays: [], profiles: people, ...input }),
  });
  expect(response.ok).toBe(true);
}

const simState = async () => (await (await fetch(`${sim.url}/__sim/state`)).json()) as SimState;

async function account(name: string, locale: "en" | "fr", settings: Record<string, unknown> = {}) {
  const created = await admin.accounts.create.mutate({ name, timezone: TIMEZONE, locale });
  await admin.settings.update.mutate({ accountId: created.id, patch: { ...FAST, ...settings } });
  await admin.accounts.uploadSession.mutate({ accountId: created.id, session: COOKIE, check: false });
  return created.id;
}

async function toEnd(runId: number) {
  return waitFor(
    async () => {
      const current = await admin.campaigns.runs.get.query({ runId });
      return ["succeeded", "failed", "cancelled", "interrupted"].includes(current.status) ? current : null;
    },
    { timeoutMs: 120_000, intervalMs: 200, what: `run ${runId}` },
  );
}

const idOf = (url: string | null) => /\/in\/([^/]+)\//.exec(url ?? "")?.[1];

describe.each([
  { variant: "a", locale: "en" },
  { variant: "b", locale: "fr" },
  { variant: "b", locale: "en" },
  { variant: "a", locale: "fr" },
  { variant: "c", locale: "en" },
  { variant: "c", locale: "fr" },
] as const)("a sourcing run on variant $variant in $locale", ({ variant, locale }) => {
  it("visits exactly the expected 20 in order, stores what was served, skips the recent visits, and never connects", async () => {
    const accountId = await account(`sourcing-${variant}-${locale}`, locale);
    await scenario({ variant, locale });

    // Five days ago, another search visited three of them.
    offsetMs = -5 * DAY;
    const earlier = await admin.campaigns.startSourcing.mutate({
      accountId,
      criteria: { keywords: EARLIER.map((p) => `"${p.name}"`).join(" OR "), maxProfiles: 5 },
    });
    expect((await toEnd(earlier.id)).counters).toMatchObject({ visited: 3 });
    offsetMs = 0;

    await admin.savedSearches.save.mutate({ accountId, name: "data engineers", criteria });
    await scenario({ variant, locale });

    // A dry run reads the results, visits nobody, and reports whom it would visit.
    const dry = await toEnd(
      (await admin.campaigns.startSourcing.mutate({ accountId, search: "data engineers", dryRun: true })).id,
    );
    expect(dry.status).toBe("succeeded");
    expect(dry.report.entries.filter((e) => e.outcome === "dry_run").map((e) => idOf(e.profileUrl))).toEqual(
      EXPECTED.map((p) => p.publicId),
    );
    expect((await simState()).visits).toEqual([]);

    const run = await toEnd((await admin.campaigns.startSourcing.mutate({ accountId, search: "data engineers" })).id);
    expect(run.status).toBe("succeeded");
    expect(run.counters).toMatchObject({ visited: 20, "skipped:recently_visited": 3 });
    expect(run.counters.failed ?? 0).toBe(0);
    const state = await simState();
    expect(state.visits.map((v) => v.publicId)).toEqual(EXPECTED.map((p) => p.publicId));
    expect(state.invitations).toEqual([]);
    expect(state.sent).toEqual([]);
    const skipped = run.report.entries.filter((e) => e.outcome === "skipped");
    expect(skipped.map((e) => [idOf(e.profileUrl), e.reason])).toEqual(
      EARLIER.map((p) => [p.publicId, "recently_visited"]),
    );

    // Every field as the simulator served it, with its fit score and the reasons for it.
    const { items } = await admin.data.contacts.list.query({ accountId, source: "sourcing", limit: 100 });
    expect(items).toHaveLength(23);
    for (const person of EXPECTED) {
      const contact = items.find((c) => c.publicId === person.publicId)!;
      expect(contact).toMatchObject({
        profileUrl: `${proxy.url}/in/${person.publicId}/`,
        fullName: person.name,
        headline: person.headline,
        location: person.location,
        company: person.company,
        source: "sourcing",
      });
      expect(contact.profile).toMatchObject({
        openToWork: person.openToWork,
        about: person.about,
        experienceTitles: ["Data Engineer"],
      });
      const paris = person.location.startsWith("Paris");
      expect(contact.fitScore).toBe(70 + (paris ? 20 : 0) + (person.openToWork ? 10 : 0));
      expect(contact.fitBreakdown).toMatchObject({
        items: [
          { criterion: "title", points: 35, matched: ["Data Engineer"] },
          { criterion: "keywords", points: 35, matched: ["data engineer"] },
          { criterion: "location", points: paris ? 20 : 0 },
          { criterion: "openToWork", points: person.openToWork ? 10 : 0 },
        ],
      });
      const visits = await admin.data.interactions.list.query({
        accountId,
        contactId: contact.id,
        type: "profile_visit",
      });
      expect(visits.items.map((i) => i.status)).toEqual(["sent"]);
    }
  });
});

describe("sourcing quotas and failures", () => {
  it("stops visiting at the daily limit and reports the rest, with the birthday quota untouched", async () => {
    const accountId = await account("sourcing-quota", "en", {
      quotas: { profile_visit: { perDay: 10 }, birthday_message: { perDay: 1 } },
    });
    await scenario({
      variant: "a",
      birthdays: [{ name: "Ada Today", publicId: "ada-today", when: "today" }],
    });
    const run = await toEnd(
      (await admin.campaigns.startSourcing.mutate({ accountId, criteria: { ...criteria, locationNames: [] } })).id,
    );
    expect(run).toMatchObject({ status: "succeeded", errorCode: "QUOTA_EXHAUSTED" });
    expect(run.counters).toMatchObject({ visited: 10, "skipped:quota_limited": 10 });
    expect((await simState()).visits).toHaveLength(10);

    // Ten visits took nothing from the birthday quota: its one wish of the day goes out.
    const birthday = await toEnd((await admin.campaigns.startBirthday.mutate({ accountId })).id);
    expect(birthday.counters).toMatchObject({ sent: 1 });
    const overview = await admin.health.overview.query({ accountId });
    const day = (action: string) =>
      overview.actions.find((a) => a.action === action)?.windows.find((w) => w.window === "day");
    expect(day("profile_visit")).toMatchObject({ remaining: 0 });
    expect(day("birthday_message")).toMatchObject({ remaining: 0 });
  });

  it("counts a profile that does not load and goes on; stops with the breaker open at a 429", async () => {
    const accountId = await account("sourcing-faults", "en");
    await scenario({ variant: "a" });
    proxy.faults.set(`/in/${matches[2]!.publicId}/`, "drop");
    proxy.faults.set(`/in/${matches[7]!.publicId}/`, 429);
    try {
      const run = await toEnd(
        (await admin.campaigns.startSourcing.mutate({ accountId, criteria: { ...criteria, maxProfiles: 20 } })).id,
      );
      expect(run).toMatchObject({ status: "failed", errorCode: "BREAKER_OPEN" });
      // Six visits, the page that never loaded, then the 429 on the eighth.
      expect(run.counters).toMatchObject({ visited: 6, failed: 2 });
      expect((await simState()).visits.map((v) => v.publicId)).toEqual(
        matches
          .slice(0, 7)
          .filter((_, i) => i !== 2)
          .map((p) => p.publicId),
      );
      const overview = await admin.health.overview.query({ accountId });
      expect(overview.breaker).toMatchObject({ state: "open" });
      await expect(admin.campaigns.startSourcing.mutate({ accountId, criteria })).rejects.toThrow(/breaker/i);
    } finally {
      proxy.faults.clear();
    }
  });
});
