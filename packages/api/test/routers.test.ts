import { TRPCError } from "@trpc/server";
import { contacts, DEFAULT_ACCOUNT_ID, interactions, settings as settingsTable } from "@nudge/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi();
});
afterEach(() => api.destroy());

describe("quota overview and breaker", () => {
  it("shows each quota window and the breaker, and lets an admin reset the breaker", async () => {
    const overview = await api.caller("viewer").health.overview({});
    const birthday = overview.actions.find((a) => a.action === "birthday_message")!;
    expect(birthday.windows.find((w) => w.window === "day")).toMatchObject({ used: 0, limit: 15, remaining: 15 });
    expect(birthday.windows.find((w) => w.window === "week")).toMatchObject({ used: 0, limit: 100 });
    expect(overview.breaker.state).toBe("closed");

    const coordinator = api.coordinator;
    const reservation = await coordinator.quota.reserve({ accountId: 1, action: "birthday_message" });
    await coordinator.quota.commit(reservation.reservationId!);
    await coordinator.breaker.recordFailure(1, "restricted");
    const after = await api.caller("viewer").health.overview({});
    expect(
      after.actions.find((a) => a.action === "birthday_message")!.windows.find((w) => w.window === "day"),
    ).toMatchObject({ used: 1, remaining: 14 });
    expect(after.breaker).toMatchObject({ state: "open", hard: true });

    await expect(api.caller("operator").settings.resetBreaker({ reason: "checkpoint solved" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(api.caller("admin").settings.resetBreaker({ reason: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const reset = await api.caller("admin").settings.resetBreaker({ reason: "checkpoint solved in the browser" });
    expect(reset.state).toBe("closed");
    expect((await api.caller("viewer").health.overview({})).breaker.state).toBe("closed");
  });
});

async function seedContacts(n: number, over: (i: number) => Partial<typeof contacts.$inferInsert> = () => ({})) {
  const base = api.clock.now().getTime();
  const rows = Array.from({ length: n }, (_, i) => ({
    accountId: DEFAULT_ACCOUNT_ID,
    profileUrl: `https://www.linkedin.com/in/person-${base}-${i}/`,
    fullName: `Person ${i}`,
    source: "sourcing" as const,
    // Several rows share an updated_at so the id tie-breaker is exercised.
    updatedAt: new Date(base - Math.floor(i / 3) * 1000),
    ...over(i),
  }));
  return api.database.db.insert(contacts).values(rows).returning();
}

describe("auth and roles", () => {
  it("lets anyone read the public health status", async () => {
    const status = await api.caller(null).health.status();
    expect(status).toMatchObject({ status: "ok", authenticated: false, role: null });
  });

  it("refuses a caller without a key with UNAUTHORIZED", async () => {
    await expect(api.caller(null).data.contacts.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a viewer calling an admin procedure with FORBIDDEN", async () => {
    await expect(api.caller("viewer").keys.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.caller("operator").settings.update({ patch: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("data.contacts", () => {
  it("rejects a limit over 100 with a validation error", async () => {
    const error = await api
      .caller("viewer")
      .data.contacts.list({ limit: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("pages through every row exactly once while rows are inserted between pages", async () => {
    const seeded = await seedContacts(95);
    const seen: number[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = await api.caller("viewer").data.contacts.list({ limit: 10, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      // New contacts arrive between page reads (a run upserting as the person scrolls).
      api.clock.advance(1000);
      await seedContacts(2, (i) => ({
        profileUrl: `https://www.linkedin.com/in/new-${round}-${i}/`,
        updatedAt: api.clock.now(),
      }));
      round++;
    } while (cursor);
    expect(seen).toHaveLength(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set(seeded.map((c) => c.id)));
  });

  it("filters by status, source, birthday and searches names and headlines", async () => {
    await seedContacts(3);
    const [ada] = await api.database.db
      .insert(contacts)
      .values({
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: "https://www.linkedin.com/in/ada/",
        fullName: "Ada Lovelace",
        headline: "Analytical engine programmer",
        source: "birthday",
        birthMonth: 12,
        birthDay: 10,
      })
      .returning();
    const viewer = api.caller("viewer");
    expect((await viewer.data.contacts.list({ search: "lovel" })).items.map((c) => c.id)).toEqual([ada!.id]);
    expect((await viewer.data.contacts.list({ search: "analytical eng" })).items.map((c) => c.id)).toEqual([ada!.id]);
    expect((await viewer.data.contacts.list({ search: '"OR*( NEAR' })).items).toEqual([]);
    expect((await viewer.data.contacts.list({ hasBirthday: true })).items.map((c) => c.id)).toEqual([ada!.id]);
    expect((await viewer.data.contacts.list({ hasBirthday: false })).items).toHaveLength(3);
    expect((await viewer.data.contacts.list({ source: "birthday" })).items).toHaveLength(1);
    await api.caller("operator").data.contacts.blacklist({ id: ada!.id });
    expect((await viewer.data.contacts.list({ status: "blacklisted" })).items.map((c) => c.id)).toEqual([ada!.id]);
    await api.caller("operator").data.contacts.unblacklist({ id: ada!.id });
    expect((await viewer.data.contacts.list({ status: "blacklisted" })).items).toEqual([]);
  });

  it("updates tags and notes, and answers NOT_FOUND for an unknown contact", async () => {
    const [c] = await seedContacts(1);
    const updated = await api
      .caller("operator")
      .data.contacts.update({ id: c!.id, tags: ["vip", "vip", " friend "], notes: "met at a meetup" });
    expect(updated.tags).toEqual(["vip", "friend"]);
    expect((await api.caller("viewer").data.contacts.get({ id: c!.id })).notes).toBe("met at a meetup");
    await expect(api.caller("operator").data.contacts.update({ id: 999_999, notes: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("rejects a garbage cursor with a validation error", async () => {
    await expect(api.caller("viewer").data.contacts.list({ cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("data.interactions and stats", () => {
  it("lists by contact, type and status, and counts per day in the account's time zone", async () => {
    const [c] = await seedContacts(1);
    const db = api.database.db;
    // 23:30 UTC on Nov 21 is 00:30 on Nov 22 in Paris: it belongs to Paris's Nov 22.
    await db.insert(interactions).values([
      {
        accountId: 1,
        contactId: c!.id,
        type: "birthday_message",
        occasion: "birthday:2026",
        status: "sent",
        createdAt: new Date("2026-11-21T23:30:00Z"),
      },
      {
        accountId: 1,
        contactId: c!.id,
        type: "profile_visit",
        occasion: "visit:1",
        status: "sent",
        createdAt: new Date("2026-11-21T22:30:00Z"),
      },
      {
        accountId: 1,
        contactId: c!.id,
        type: "profile_visit",
        occasion: "visit:2",
        status: "failed",
        createdAt: new Date("2026-11-20T10:00:00Z"),
      },
    ]);
    const viewer = api.caller("viewer");
    expect((await viewer.data.interactions.list({ contactId: c!.id })).items).toHaveLength(3);
    expect((await viewer.data.interactions.list({ type: "profile_visit", status: "failed" })).items).toHaveLength(1);
    const stats = await viewer.data.stats.daily({ days: 3 });
    expect(stats.map((d) => d.date)).toEqual(["2026-11-20", "2026-11-21", "2026-11-22"]);
    expect(stats[2]!.counts).toEqual({ birthday_message: { sent: 1 } });
    expect(stats[1]!.counts).toEqual({ profile_visit: { sent: 1 } });
    expect(stats[0]!.counts).toEqual({ profile_visit: { failed: 1 } });
  });
});

describe("settings", () => {
  it("returns the defaults of the design", async () => {
    const { settings, account } = await api.caller("viewer").settings.get({});
    expect(settings.quotas.birthday_message).toEqual({ perDay: 15, perWeek: 100, perRun: 15 });
    expect(settings.quotas.profile_visit).toEqual({ perDay: 40, perWeek: 200, perRun: 25 });
    expect(settings.workingHours).toMatchObject({ start: "07:00", end: "19:00" });
    expect(settings.birthday.lateWindowDays).toBe(10);
    expect(account.timezone).toBe("Europe/Paris");
    expect(account).not.toHaveProperty("session");
  });

  it("merges a partial update and keeps the rest", async () => {
    const { settings } = await api
      .caller("admin")
      .settings.update({ patch: { quotas: { birthday_message: { perDay: 10 } } } });
    expect(settings.quotas.birthday_message).toEqual({ perDay: 10, perWeek: 100, perRun: 15 });
    expect((await api.caller("viewer").settings.get({})).settings.quotas.birthday_message.perDay).toBe(10);
  });

  it("rejects an unknown template placeholder and leaves stored settings intact", async () => {
    await api.caller("admin").settings.update({ patch: { birthday: { lateWindowDays: 5 } } });
    const before = await api.database.db.select().from(settingsTable);
    const error = await api
      .caller("admin")
      .settings.update({ patch: { templates: { today: ["Happy birthday {firstname}!"] } } })
      .catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/unknown placeholder \{firstname\}/);
    expect(await api.database.db.select().from(settingsTable)).toEqual(before);
  });

  it("rejects working hours that end before they start, and an unknown time zone", async () => {
    await expect(
      api.caller("admin").settings.update({ patch: { workingHours: { start: "19:00", end: "07:00" } } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.caller("admin").settings.update({ account: { timezone: "Mars/Olympus" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const { account } = await api.caller("admin").settings.update({ account: { timezone: "America/New_York" } });
    expect(account.timezone).toBe("America/New_York");
  });

  it("previews a template for a sample contact", async () => {
    const preview = await api.caller("viewer").settings.previewTemplate({
      template: "Happy belated birthday {first_name}, {days_late} days late!",
      sample: { name: "Grace Hopper", daysLate: 2 },
    });
    expect(preview).toEqual({ problems: [], text: "Happy belated birthday Grace, 2 days late!" });
    const bad = await api.caller("viewer").settings.previewTemplate({ template: "Hi {nom}" });
    expect(bad.text).toBeNull();
    expect(bad.problems[0]!.message).toMatch(/unknown placeholder/);
  });
});

describe("keys", () => {
  it("creates a key shown once, lists without secrets, and revokes", async () => {
    const admin = api.caller("admin");
    const created = await admin.keys.create({ name: "script", role: "operator" });
    expect(created.key).toMatch(/^nudge_/);
    const list = await admin.keys.list();
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect(list.find((k) => k.id === created.id)).toMatchObject({ name: "script", role: "operator", revokedAt: null });
    expect(await api.services.nudge.keys.verify(created.key)).toMatchObject({ id: created.id, role: "operator" });
    await admin.keys.revoke({ id: created.id });
    expect(await api.services.nudge.keys.verify(created.key)).toBeNull();
  });

  it("refuses to revoke the last admin key", async () => {
    const admin = api.caller("admin");
    const admins = (await admin.keys.list()).filter((k) => k.role === "admin");
    expect(admins).toHaveLength(1);
    await expect(admin.keys.revoke({ id: admins[0]!.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
